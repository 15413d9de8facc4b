package io.securelink.crypto;

import java.io.CharArrayReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** All objects of a PEM file, in order, as Bouncy Castle parses them; the raw text is wiped after parsing. */
final class PemObjects {
    private PemObjects() {
    }

    static List<Object> read(Path file) throws KeyMaterialException {
        byte[] bytes = FileContents.read(file);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = (char) (bytes[i] & 0xff);
        }
        try (PEMParser parser = new PEMParser(new CharArrayReader(chars))) {
            List<Object> objects = new ArrayList<>();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException("cannot parse PEM in " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(chars, '\0');
        }
    }

    static boolean isPrivateKey(Object o) {
        return o instanceof PrivateKeyInfo || o instanceof PEMKeyPair
                || o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair;
    }

    /** What a parsed object is, in the words an operator would use. */
    static String describe(Object o) {
        if (o instanceof X509CertificateHolder || o instanceof X509TrustedCertificateBlock) {
            return "certificate";
        } else if (o instanceof SubjectPublicKeyInfo) {
            return "public key";
        } else if (o instanceof PKCS10CertificationRequest) {
            return "certificate request";
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            return "encrypted private key";
        } else if (isPrivateKey(o)) {
            return "private key";
        } else if (o instanceof ASN1ObjectIdentifier) {
            return "EC parameters";
        } else if (o instanceof X509CRLHolder) {
            return "CRL";
        }
        return o.getClass().getSimpleName();
    }

    /** "found: certificate, private key" or "no PEM block found", for "nothing usable" messages. */
    static String inventory(List<Object> objects) {
        if (objects.isEmpty()) {
            return "no PEM block found";
        }
        return "found: " + String.join(", ", objects.stream().map(PemObjects::describe).toList());
    }
}
