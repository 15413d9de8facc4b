package io.securelink.crypto;

import java.security.PrivateKey;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signers for certificates and CSRs, using the signature algorithm {@link KeyAlgorithms} assigns to the key. */
final class ContentSigners {
    private ContentSigners() {
    }

    static ContentSigner forKey(PrivateKey key) {
        String algorithm = KeyAlgorithms.signatureAlgorithm(key).orElseThrow(() ->
                new IllegalArgumentException("a " + KeyAlgorithms.name(key) + " key cannot sign certificates"));
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException jdkCannot) {
            try {
                return new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.provider()).build(key);
            } catch (OperatorCreationException e) {
                throw new IllegalArgumentException("cannot sign with " + algorithm + " using a "
                        + KeyAlgorithms.name(key) + " key", e);
            }
        }
    }
}
