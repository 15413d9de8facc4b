package io.securelink.crypto;

import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Key algorithms identified by the OID in their encoding, which is the same whichever provider made
 * the key object, and the signature algorithm this module uses with each.
 */
final class KeyAlgorithms {
    private static final Map<ASN1ObjectIdentifier, String> JCA_NAMES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448");

    private KeyAlgorithms() {
    }

    static String jcaName(ASN1ObjectIdentifier oid) {
        return JCA_NAMES.getOrDefault(oid, oid.getId());
    }

    static ASN1ObjectIdentifier oid(Key key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException(key.getAlgorithm() + " key has no encoded form");
        }
        try {
            if (key instanceof PrivateKey) {
                return PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm().getAlgorithm();
            } else if (key instanceof PublicKey) {
                return SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm().getAlgorithm();
            }
            throw new IllegalArgumentException("not an asymmetric key: " + key.getAlgorithm());
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    static String name(Key key) {
        return jcaName(oid(key));
    }

    /**
     * The signature algorithm for certificates and proofs made with {@code key}: SHA-256/384/512 with
     * ECDSA by curve size, SHA-256 with RSA or DSA, pure EdDSA; empty for keys that cannot sign plainly.
     */
    static Optional<String> signatureAlgorithm(Key key) {
        ASN1ObjectIdentifier oid = oid(key);
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return Optional.of("SHA256withRSA");
        } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            int bits = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 256;
            return Optional.of(bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA");
        } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            return Optional.of("SHA256withDSA");
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Optional.of("Ed25519");
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return Optional.of("Ed448");
        }
        return Optional.empty();
    }
}
