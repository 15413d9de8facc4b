package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * The one "signed by" check of the code base: whether a certificate names an issuer and carries a
 * signature that issuer's key made. Tried with the JDK providers, then with Bouncy Castle for keys or
 * signature algorithms the JDK cannot handle (such as brainpool curves), so every caller (chain ordering,
 * signature paths, chain verification, the audit) answers the same way for the same certificates.
 */
public final class Certificates {
    private Certificates() {
    }

    /** True when {@code child} names {@code issuer} as its issuer and {@code issuer}'s key signed it. */
    public static boolean signedBy(X509Certificate child, X509Certificate issuer) {
        if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException jdkCannot) {
            try {
                child.verify(issuer.getPublicKey(), BouncyCastle.provider());
                return true;
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    /** True when {@code c} is its own issuer and signed by its own key. */
    public static boolean selfSigned(X509Certificate c) {
        return signedBy(c, c);
    }
}
