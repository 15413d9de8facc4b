package io.securelink.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Computes the public half of a private key, encoded as the SubjectPublicKeyInfo a certificate for
 * that key would carry, so a private key can be pinned and matched without its certificate.
 */
final class PublicKeyDerivation {
    private PublicKeyDerivation() {
    }

    /**
     * @throws IOException when the key is malformed
     * @throws IllegalArgumentException when the algorithm is not one whose public key can be derived here
     */
    static SubjectPublicKeyInfo of(PrivateKeyInfo info) throws IOException {
        AsymmetricKeyParameter publicKey = publicHalf(PrivateKeyFactory.createKey(info));
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey);
        if (info.getPrivateKeyAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), spki.getPublicKeyData().getBytes());
        }
        return spki;
    }

    private static AsymmetricKeyParameter publicHalf(AsymmetricKeyParameter key) {
        if (key instanceof RSAPrivateCrtKeyParameters rsa) {
            return new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
        } else if (key instanceof ECPrivateKeyParameters ec) {
            return new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
        } else if (key instanceof Ed25519PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        } else if (key instanceof Ed448PrivateKeyParameters ed) {
            return ed.generatePublicKey();
        } else if (key instanceof X25519PrivateKeyParameters x) {
            return x.generatePublicKey();
        } else if (key instanceof X448PrivateKeyParameters x) {
            return x.generatePublicKey();
        } else if (key instanceof DSAPrivateKeyParameters dsa) {
            var p = dsa.getParameters();
            return new DSAPublicKeyParameters(p.getG().modPow(dsa.getX(), p.getP()), p);
        }
        throw new IllegalArgumentException("cannot derive the public key of a " + key.getClass().getSimpleName());
    }
}
