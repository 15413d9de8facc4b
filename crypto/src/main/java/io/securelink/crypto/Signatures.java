package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Signature engines from the JDK, falling back to Bouncy Castle for keys the JDK providers reject. */
final class Signatures {
    private Signatures() {
    }

    static Signature forSigning(String algorithm, PrivateKey key) throws GeneralSecurityException {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException jdkCannot) {
            Signature s = Signature.getInstance(algorithm, BouncyCastle.provider());
            s.initSign(key);
            return s;
        }
    }

    static Signature forVerifying(String algorithm, PublicKey key) throws GeneralSecurityException {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            return s;
        } catch (GeneralSecurityException jdkCannot) {
            Signature s = Signature.getInstance(algorithm, BouncyCastle.provider());
            s.initVerify(key);
            return s;
        }
    }
}
