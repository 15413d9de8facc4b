package io.securelink.appliance.tls;

import io.securelink.crypto.SpkiPin;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chains one {@link PeerVerifier} has already accepted, keyed by their exact DER encoding, so a peer that
 * reconnects with the same chain skips the Java PKIX and signature-path work (the TLS library still
 * checks possession of the key in every handshake). An entry answers only inside the validity window of
 * every certificate it covers; outside it the full checks run again. Refusals are never remembered, and
 * the verifier (so the cache) belongs to one config snapshot, so a reload starts afresh. Bounded.
 */
final class VerifiedChains {
    static final int MAX_ENTRIES = 256;

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    /** What the checks of a chain found: the path its pins were checked against and the pin that matched (none: the link has no pins). */
    record Verified(List<X509Certificate> path, Optional<SpkiPin> pin) {
        Verified {
            path = List.copyOf(path);
        }
    }

    private record Entry(Verified verified, long notBeforeMillis, long notAfterMillis) {
    }

    /** The exact presented chain plus the parameters the checks depended on. */
    private static final class Key {
        private final byte[][] ders;
        private final String authType;
        private final boolean peerIsClient;
        private final int hash;

        Key(byte[][] ders, String authType, boolean peerIsClient) {
            this.ders = ders;
            this.authType = authType;
            this.peerIsClient = peerIsClient;
            this.hash = (Arrays.deepHashCode(ders) * 31 + String.valueOf(authType).hashCode()) * 31 + (peerIsClient ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.peerIsClient == peerIsClient
                    && String.valueOf(k.authType).equals(String.valueOf(authType)) && Arrays.deepEquals(k.ders, ders);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** What was accepted earlier for exactly this chain, if any and if {@code nowMillis} is inside its window. */
    Optional<Verified> lookup(X509Certificate[] chain, String authType, boolean peerIsClient, long nowMillis) {
        Key key = key(chain, authType, peerIsClient);
        Entry e = key == null ? null : entries.get(key);
        if (e == null || nowMillis < e.notBeforeMillis() || nowMillis > e.notAfterMillis()) {
            return Optional.empty();
        }
        return Optional.of(e.verified());
    }

    /** Records that {@code chain} passed every check, with what the checks found. */
    void remember(X509Certificate[] chain, String authType, boolean peerIsClient, Verified verified) {
        Key key = key(chain, authType, peerIsClient);
        if (key == null) {
            return;
        }
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        for (List<X509Certificate> certs : List.of(Arrays.asList(chain), verified.path())) {
            for (X509Certificate c : certs) {
                notBefore = Math.max(notBefore, c.getNotBefore().getTime());
                notAfter = Math.min(notAfter, c.getNotAfter().getTime());
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(verified, notBefore, notAfter));
    }

    int size() {
        return entries.size();
    }

    private static Key key(X509Certificate[] chain, String authType, boolean peerIsClient) {
        byte[][] ders = new byte[chain.length][];
        try {
            for (int i = 0; i < chain.length; i++) {
                ders[i] = chain[i].getEncoded();
            }
        } catch (CertificateEncodingException e) {
            return null;
        }
        return new Key(ders, authType, peerIsClient);
    }
}
