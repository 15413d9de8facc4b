package io.securelink.appliance.tls;

import io.securelink.crypto.OcspAnswer;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Verified OCSP answers, shared by every link and kept across reloads, each until its nextUpdate (an
 * answer without one for {@link #WITHOUT_NEXT_UPDATE}); keyed by the issuer's key and the serial, so the
 * same certificate presented on two links is asked about once. When an answer says revoked, the
 * listeners (the runtime's revocation sweep) are told. Bounded.
 */
final class OcspCache {
    static final Duration WITHOUT_NEXT_UPDATE = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;
    static final OcspCache SHARED = new OcspCache();

    record Key(java.security.PublicKey issuerKey, BigInteger serial) {
    }

    record Entry(OcspAnswer answer, Instant expires) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Runnable> revokedListeners = new CopyOnWriteArrayList<>();

    static Key key(X509Certificate cert, X509Certificate issuer) {
        return new Key(issuer.getPublicKey(), cert.getSerialNumber());
    }

    Optional<OcspAnswer> get(Key key, Instant now) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!now.isBefore(e.expires())) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.answer());
    }

    void put(Key key, OcspAnswer answer, Instant now) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Instant expires = answer.nextUpdate().orElse(now.plus(withoutNextUpdate()));
        Entry previous = entries.put(key, new Entry(answer, expires));
        if (answer.status() == OcspAnswer.Status.REVOKED
                && (previous == null || previous.answer().status() != OcspAnswer.Status.REVOKED)) {
            revokedListeners.forEach(Runnable::run);
        }
    }

    /** How long an answer without nextUpdate is trusted: 60 s, or {@code -Dsecurelink.ocsp.cache-millis}. */
    static Duration withoutNextUpdate() {
        return Duration.ofMillis(Long.getLong("securelink.ocsp.cache-millis", WITHOUT_NEXT_UPDATE.toMillis()));
    }

    boolean holds(Key key, Instant now) {
        return get(key, now).isPresent();
    }

    /** {@code listener} runs (on the thread that learnt it) whenever an answer newly says revoked. */
    void onRevoked(Runnable listener) {
        revokedListeners.add(listener);
    }

    void removeListener(Runnable listener) {
        revokedListeners.remove(listener);
    }
}
