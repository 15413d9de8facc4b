package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * Private keys as the JDK's own key factory builds them, so SunJSSE, tcnative and KeyStores accept them
 * whichever provider parsed them (Bouncy Castle names EC keys "ECDSA" and EdDSA keys "Ed25519").
 */
public final class JdkKeys {
    private JdkKeys() {
    }

    /** The same key re-created by the JDK's factory; the key itself when the JDK cannot build it. */
    public static PrivateKey privateKey(PrivateKey key) {
        try {
            String alg = switch (key.getAlgorithm()) {
                case "ECDSA" -> "EC";
                case "Ed25519", "Ed448" -> "EdDSA";
                default -> key.getAlgorithm();
            };
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            return key;
        }
    }
}
