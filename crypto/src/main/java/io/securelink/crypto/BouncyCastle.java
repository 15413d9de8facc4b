package io.securelink.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance, passed explicitly where BC is needed (decrypting
 * OpenSSL/PKCS#12 formats, algorithms the JDK lacks) rather than registered in the global provider list.
 */
final class BouncyCastle {
    private BouncyCastle() {
    }

    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static Provider provider() {
        return Holder.PROVIDER;
    }
}
