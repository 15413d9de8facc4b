package io.securelink.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Decides whether a private key belongs to a public key: for EC keys on a named curve by computing the
 * key's public point and comparing it ({@link EcKeyMatch}: as strict, one scalar multiplication instead of a
 * signature's and a verification's, which a command starting cold pays for in C1 compiling); otherwise by signing a random message and
 * verifying it where the algorithm signs (RSA, EC with explicit parameters, EdDSA, DSA), otherwise by
 * deriving and comparing the public key.
 */
final class KeyPairCheck {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairCheck() {
    }

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        Optional<Boolean> ec = ecMatches(privateKey, publicKey);
        if (ec.isPresent()) {
            return ec.get();
        }
        Optional<String> algorithm = KeyAlgorithms.signatureAlgorithm(privateKey);
        if (algorithm.isPresent() && KeyAlgorithms.oid(privateKey).equals(KeyAlgorithms.oid(publicKey))) {
            return signatureVerifies(algorithm.get(), privateKey, publicKey);
        }
        return derivedPublicKeyEquals(privateKey, publicKey);
    }

    /** EC keys on a named curve: d·G compared with the public point ({@link EcKeyMatch}); empty for anything else. */
    private static Optional<Boolean> ecMatches(PrivateKey privateKey, PublicKey publicKey) {
        byte[] publicEncoded = publicKey.getEncoded();
        byte[] encoded = privateKey.getEncoded();
        if (encoded == null || publicEncoded == null) {
            return Optional.empty();
        }
        try {
            return EcKeyMatch.matches(encoded, publicEncoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static boolean signatureVerifies(String algorithm, PrivateKey privateKey, PublicKey publicKey) {
        byte[] message = new byte[32];
        RANDOM.nextBytes(message);
        try {
            byte[] signature = Signatures.sign(algorithm, privateKey, message);
            return Signatures.verify(algorithm, usable(publicKey), message, signature);
        } catch (GeneralSecurityException | IOException e) {
            return false;
        }
    }

    /** A certificate's key the JDK could not decode (an X509Key placeholder) re-made by a provider that can use it. */
    private static PublicKey usable(PublicKey key) throws GeneralSecurityException, IOException {
        return JdkObjects.publicKey(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private static boolean derivedPublicKeyEquals(PrivateKey privateKey, PublicKey publicKey) {
        byte[] encoded = privateKey.getEncoded();
        try {
            SubjectPublicKeyInfo derived = PublicKeyDerivation.of(PrivateKeyInfo.getInstance(encoded));
            SubjectPublicKeyInfo actual = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
            return Arrays.equals(derived.getPublicKeyData().getBytes(), actual.getPublicKeyData().getBytes());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }
}
