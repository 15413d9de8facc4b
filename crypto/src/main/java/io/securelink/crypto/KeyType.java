package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key types the lab PKI and tests generate, each with the JDK's own key generator. */
public enum KeyType {
    EC_P256, EC_P384, RSA_2048, RSA_3072, ED25519;

    public KeyPair generate() {
        try {
            KeyPairGenerator generator = switch (this) {
                case EC_P256, EC_P384 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"));
                    yield g;
                }
                case RSA_2048, RSA_3072 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(this == RSA_2048 ? 2048 : 3072);
                    yield g;
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
            };
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot generate " + this + " keys", e);
        }
    }
}
