package io.securelink.crypto;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The chain a peer's leaf actually hangs from: leaf, then each certificate whose key signed the one
 * before, ending at a trust anchor (or at the last presented certificate when there are no anchors).
 * Certificates a peer merely appended do not appear, so a pin cannot be satisfied by sending someone
 * else's public certificate alongside your own.
 */
public final class SignaturePath {
    private static final int MAX_DEPTH = 10;

    private SignaturePath() {
    }

    /**
     * @return the path, or empty when the presented certificates do not form a signed chain (or, with
     * anchors, the chain does not end at one of them)
     */
    public static Optional<List<X509Certificate>> build(List<X509Certificate> presented, Collection<X509Certificate> anchors) {
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate current = presented.get(0);
        path.add(current);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            for (X509Certificate anchor : anchors) {
                if (Certificates.signedBy(current, anchor)) {
                    if (!anchor.equals(current)) {
                        path.add(anchor);
                    }
                    return Optional.of(List.copyOf(path));
                }
            }
            if (Certificates.selfSigned(current)) {
                return anchors.isEmpty() ? Optional.of(List.copyOf(path)) : Optional.empty();
            }
            X509Certificate next = null;
            for (X509Certificate c : presented) {
                if (!path.contains(c) && Certificates.signedBy(current, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return anchors.isEmpty() ? Optional.of(List.copyOf(path)) : Optional.empty();
            }
            path.add(next);
            current = next;
        }
        return Optional.empty();
    }
}
