package io.securelink.appliance.tls;

import io.securelink.appliance.config.RevocationConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.crypto.CryptoException;
import io.securelink.crypto.OcspAnswer;
import io.securelink.crypto.OcspQuery;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OCSP response a server link staples for its own certificate: fetched from the responder the
 * certificate names (AIA, or the link's {@code ocsp-responder}) in the background when the snapshot is
 * built, verified like any answer, and refreshed halfway to its nextUpdate (every
 * {@link OcspCache#withoutNextUpdate()} when it has none; after 10 s when fetching failed). An answer
 * past its nextUpdate is dropped rather than stapled. The refresh stops once the snapshot is gone.
 */
final class OwnStaple {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sl-ocsp-staple");
        t.setDaemon(true);
        return t;
    });
    static final Duration RETRY = Duration.ofSeconds(10);

    private final String link;
    private final X509Certificate leaf;
    private final X509Certificate issuer;
    private final URI responder;
    private final Duration timeout;
    private final EventSink events;
    private final AtomicReference<OcspAnswer> current = new AtomicReference<>();

    private OwnStaple(String link, X509Certificate leaf, X509Certificate issuer, URI responder, Duration timeout, EventSink events) {
        this.link = link;
        this.leaf = leaf;
        this.issuer = issuer;
        this.responder = responder;
        this.timeout = timeout;
        this.events = events;
    }

    /** A staple source for {@code chain[0]}, or empty (with a logged event) when there is no issuer or no responder. */
    static Optional<OwnStaple> start(String link, List<X509Certificate> chain, List<X509Certificate> anchors, RevocationConfig cfg,
                                     EventSink events) {
        X509Certificate leaf = chain.get(0);
        X509Certificate issuer = chain.size() > 1 ? chain.get(1) : anchors.stream()
                .filter(a -> a.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())).findFirst().orElse(null);
        Optional<URI> url = cfg.ocspResponder().or(() -> OcspQuery.responderOf(leaf));
        if (issuer == null || url.isEmpty()) {
            events.emit(Event.of(EventType.OCSP_FAILING, link, "", "link " + link + ": staple: true, but "
                    + (issuer == null ? "the issuer of the link's certificate is neither in its chain nor in the trust bundle"
                    : "the link's certificate names no OCSP responder (AIA) and ocsp-responder is not set") + "; nothing is stapled",
                    Map.of("reason", "no responder for own certificate")));
            return Optional.empty();
        }
        OwnStaple s = new OwnStaple(link, leaf, issuer, url.get(), cfg.ocspTimeout(), events);
        schedule(new WeakReference<>(s), Duration.ZERO);
        return Optional.of(s);
    }

    private static void schedule(WeakReference<OwnStaple> ref, Duration after) {
        TIMER.schedule(() -> {
            OwnStaple s = ref.get();
            if (s != null) {
                schedule(ref, s.refresh());
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fetches once; returns when to fetch again. */
    Duration refresh() {
        Instant now = Instant.now();
        try {
            OcspQuery q = OcspQuery.of(leaf, issuer);
            OcspAnswer a = q.verify(OcspResponder.ask(responder, q.encoded(), timeout), now);
            current.set(a);
            if (a.status() == OcspAnswer.Status.REVOKED) {
                events.emit(Event.of(EventType.OCSP_FAILING, link, "", "link " + link + ": the OCSP responder says the link's own certificate "
                        + "serial " + a.revocation().orElseThrow().serialHex() + " is revoked (" + a.revocation().get().reason()
                        + "); peers that check the staple will refuse it", Map.of("responder", responder.toString(), "reason", "own certificate revoked")));
            }
            Duration left = a.nextUpdate().map(n -> Duration.between(now, n)).orElse(OcspCache.withoutNextUpdate().multipliedBy(2));
            Duration half = left.dividedBy(2);
            return half.compareTo(RETRY) < 0 ? RETRY : half;
        } catch (IOException | CryptoException e) {
            OcspAnswer old = current.get();
            if (old != null && old.nextUpdate().map(now::isAfter).orElse(false)) {
                current.set(null);
            }
            events.emit(Event.of(EventType.OCSP_UNAVAILABLE, link, "", "link " + link + ": cannot fetch the OCSP response to staple from "
                    + responder + ": " + e.getMessage() + (current.get() == null ? "; stapling nothing" : "; still stapling the previous one"),
                    Map.of("responder", responder.toString(), "reason", String.valueOf(e.getMessage()))));
            return RETRY;
        }
    }

    /** The DER response to staple now, or null. */
    byte[] response() {
        OcspAnswer a = current.get();
        if (a == null || a.nextUpdate().map(Instant.now()::isAfter).orElse(false)) {
            return null;
        }
        return a.encoded();
    }

    Optional<OcspAnswer> answer() {
        return Optional.ofNullable(current.get());
    }
}
