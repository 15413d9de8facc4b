package io.securelink.crypto;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;

/**
 * The type and strength of a public key as the audit rules need them: RSA modulus bits, EC named curve,
 * or an EdDSA/XDH algorithm, read from the SubjectPublicKeyInfo with Bouncy Castle so unusual curves
 * the JDK cannot name are still recognised.
 *
 * @param family RSA, EC, Ed25519, Ed448, X25519, X448, DSA or the OID when unknown
 * @param bits   RSA modulus or EC field size; 0 when not applicable
 * @param curve  named curve (EC) or empty
 */
public record KeyStrength(String family, int bits, String curve) {
    private static final Map<ASN1ObjectIdentifier, String> RECOMMENDED_CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");

    public static KeyStrength of(PublicKey key) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            int bits = key instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength()
                    : org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.getPublicKeyData().getOctets()).getModulus().bitLength();
            return new KeyStrength("RSA", bits, "");
        }
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curveOid) {
                String name = RECOMMENDED_CURVES.getOrDefault(curveOid, nameOf(curveOid));
                X9ECParameters p = ECNamedCurveTable.getByOID(curveOid);
                return new KeyStrength("EC", p == null ? 0 : p.getCurve().getFieldSize(), name);
            }
            return new KeyStrength("EC", 0, "explicit parameters");
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new KeyStrength("Ed25519", 255, "");
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed448)) {
            return new KeyStrength("Ed448", 448, "");
        }
        if (alg.equals(EdECObjectIdentifiers.id_X25519)) {
            return new KeyStrength("X25519", 255, "");
        }
        if (alg.equals(X9ObjectIdentifiers.id_dsa)) {
            return new KeyStrength("DSA", 0, "");
        }
        return new KeyStrength(alg.getId(), 0, "");
    }

    private static String nameOf(ASN1ObjectIdentifier oid) {
        String n = ECNamedCurveTable.getName(oid);
        return n == null ? oid.getId() : n;
    }

    /** Whether the curve is one the NCSC and Mozilla guidance recommend (P-256, P-384; X25519 and Ed25519 are families of their own). */
    public boolean recommendedCurve() {
        return curve.equals("P-256") || curve.equals("P-384");
    }

    @Override
    public String toString() {
        return switch (family) {
            case "RSA" -> "RSA " + bits + " bits";
            case "EC" -> "EC " + curve + (bits > 0 ? " (" + bits + " bits)" : "");
            default -> family;
        };
    }
}
