package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Whole signing and verifying operations with the JDK providers, repeated with Bouncy Castle when the
 * JDK fails; the JDK may accept a key (such as a brainpool EC key) and only refuse it while signing.
 * Callers outside {@code crypto} (the audit log's checkpoint signatures) use this rather than a provider
 * of their own.
 */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] sign(String algorithm, PrivateKey key, byte[] data) throws GeneralSecurityException {
        try {
            return sign(algorithm, key, data, null);
        } catch (GeneralSecurityException jdkCannot) {
            return sign(algorithm, key, data, BouncyCastle.provider());
        }
    }

    public static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        try {
            return verify(algorithm, key, data, signature, null);
        } catch (GeneralSecurityException jdkCannot) {
            return verify(algorithm, key, data, signature, BouncyCastle.provider());
        }
    }

    private static byte[] sign(String algorithm, PrivateKey key, byte[] data, Provider provider) throws GeneralSecurityException {
        Signature s = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        Signature s = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
        s.initVerify(key);
        s.update(data);
        return s.verify(signature);
    }
}
