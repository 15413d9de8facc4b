package io.securelink.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Orders a loose set of certificates into the chain of a key: its certificate, then each issuer found. */
final class ChainOrder {
    private ChainOrder() {
    }

    /** Empty when no certificate in {@code pool} carries the public key of {@code key}. */
    static List<X509Certificate> forKey(PrivateKey key, Collection<X509Certificate> pool) {
        List<X509Certificate> chain = new ArrayList<>();
        pool.stream().filter(c -> KeyPairCheck.matches(key, c.getPublicKey())).findFirst().ifPresent(chain::add);
        while (!chain.isEmpty()) {
            X509Certificate last = chain.get(chain.size() - 1);
            X509Certificate issuer = pool.stream()
                    .filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
                    .filter(c -> Certificates.signedBy(last, c))
                    .findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
        }
        return chain;
    }
}
