package io.securelink.crypto;

import java.security.PrivateKey;
import java.util.function.Function;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs certificates and CSRs with the signature algorithm {@link KeyAlgorithms} assigns to the key,
 * using the JDK providers and repeating with Bouncy Castle if the JDK cannot sign with that key.
 */
final class ContentSigners {
    private ContentSigners() {
    }

    static <T> T sign(PrivateKey key, Function<ContentSigner, T> build) {
        String algorithm = KeyAlgorithms.signatureAlgorithm(key).orElseThrow(() ->
                new IllegalArgumentException("a " + KeyAlgorithms.name(key) + " key cannot sign certificates"));
        try {
            return build.apply(new JcaContentSignerBuilder(algorithm).build(key));
        } catch (OperatorCreationException | RuntimeOperatorException jdkCannot) {
            try {
                return build.apply(new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.provider()).build(key));
            } catch (OperatorCreationException e) {
                throw new IllegalArgumentException("cannot sign with " + algorithm + " using a "
                        + KeyAlgorithms.name(key) + " key", e);
            }
        }
    }
}
