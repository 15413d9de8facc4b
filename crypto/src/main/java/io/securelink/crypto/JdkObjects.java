package io.securelink.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Converts parsed key material into objects of the JDK's own providers, so JSSE, PKIX and the rest of
 * the JDK accept them without Bouncy Castle being registered; BC is the fallback only for algorithms
 * or curves the JDK does not implement.
 */
final class JdkObjects {
    private JdkObjects() {
    }

    static PrivateKey privateKey(PrivateKeyInfo info) throws GeneralSecurityException, IOException {
        String algorithm = KeyAlgorithms.jcaName(info.getPrivateKeyAlgorithm().getAlgorithm());
        byte[] der = info.getEncoded(ASN1Encoding.DER);
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException jdkCannot) {
            return KeyFactory.getInstance(algorithm, BouncyCastle.provider()).generatePrivate(spec);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static PrivateKey privateKey(PrivateKey key) throws GeneralSecurityException, IOException {
        byte[] der = key.getEncoded();
        try {
            return privateKey(PrivateKeyInfo.getInstance(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static PublicKey publicKey(SubjectPublicKeyInfo info) throws GeneralSecurityException, IOException {
        String algorithm = KeyAlgorithms.jcaName(info.getAlgorithm().getAlgorithm());
        X509EncodedKeySpec spec = new X509EncodedKeySpec(info.getEncoded(ASN1Encoding.DER));
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (GeneralSecurityException jdkCannot) {
            return KeyFactory.getInstance(algorithm, BouncyCastle.provider()).generatePublic(spec);
        }
    }

    static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
