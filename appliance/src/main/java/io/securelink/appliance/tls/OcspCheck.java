package io.securelink.appliance.tls;

import io.securelink.appliance.config.RevocationConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.crypto.CryptoException;
import io.securelink.crypto.OcspAnswer;
import io.securelink.crypto.OcspQuery;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OCSP side of one link's revocation settings: for each certificate of a verified chain that is not
 * self-signed and has a responder (the configured {@code ocsp-responder}, else the certificate's AIA),
 * a cached verified answer or a fresh one (nonce, signature by the CA or its id-kp-OCSPSigning
 * delegate). Revoked refuses in either mode; no usable answer in time (timeout, error, forged or
 * unverifiable answer, or "unknown") refuses with {@code ocsp: hard} and lets the peer in with an
 * {@code ocsp-unavailable} event with {@code ocsp: soft}. A responder failing three times in a row raises
 * {@code ocsp-failing} (alert) once until it answers again; after a failure it rests for 5 s (peers are
 * judged as "no answer" meanwhile, at once). Blocking: runs on the handshake-task
 * executor, never an event loop.
 */
final class OcspCheck {
    static final int FAILING_AFTER = 3;
    private static final ConcurrentHashMap<URI, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    /** After a failure a responder is not asked again for this long (-Dsecurelink.ocsp.retry-millis), so a dead one costs no waiting. */
    private static final ConcurrentHashMap<URI, Instant> RESTING = new ConcurrentHashMap<>();

    private final String link;
    private final RevocationConfig config;
    private final EventSink events;
    private final OcspCache cache;
    private final Set<OcspCache.Key> asked = ConcurrentHashMap.newKeySet();

    OcspCheck(String link, RevocationConfig config, EventSink events, OcspCache cache) {
        this.link = link;
        this.config = config;
        this.events = events;
        this.cache = cache;
    }

    boolean enabled() {
        return config.ocsp() != RevocationConfig.OcspMode.OFF;
    }

    /** Caches a verified answer obtained otherwise (a staple). */
    void accept(X509Certificate cert, X509Certificate issuer, OcspAnswer answer, Instant now) {
        OcspCache.Key key = OcspCache.key(cert, issuer);
        asked.add(key);
        cache.put(key, answer, now);
    }

    /** Checks the chain, asking responders where no answer is cached. */
    RevocationVerdict check(List<X509Certificate> path, String remote, Instant now) {
        return walk(path, remote, now, true);
    }

    /** Checks the chain against cached answers only (for live connections). */
    RevocationVerdict checkCached(List<X509Certificate> path, Instant now) {
        return walk(path, "", now, false);
    }

    private RevocationVerdict walk(List<X509Certificate> path, String remote, Instant now, boolean ask) {
        if (!enabled()) {
            return RevocationVerdict.PASSED;
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate c = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            if (c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
                continue;
            }
            Optional<URI> responder = config.ocspResponder().or(() -> OcspQuery.responderOf(c));
            if (responder.isEmpty()) {
                continue;
            }
            OcspCache.Key key = OcspCache.key(c, issuer);
            Optional<OcspAnswer> answer = cache.get(key, now);
            String problem = null;
            Instant resting = RESTING.get(responder.get());
            if (answer.isEmpty() && ask && resting != null && now.isBefore(resting)) {
                problem = "the responder failed moments ago (not asked again before " + resting + ")";
            } else if (answer.isEmpty() && ask) {
                try {
                    OcspQuery q = OcspQuery.of(c, issuer);
                    OcspAnswer a = q.verify(OcspResponder.ask(responder.get(), q.encoded(), config.ocspTimeout()), Instant.now());
                    answered(responder.get());
                    asked.add(key);
                    cache.put(key, a, Instant.now());
                    answer = Optional.of(a);
                } catch (IOException | CryptoException e) {
                    problem = e.getMessage();
                    failed(responder.get(), problem);
                }
            }
            if (answer.isEmpty()) {
                if (!ask) {
                    continue;
                }
                RevocationVerdict v = noAnswer(c, i, remote, responder.get(), problem);
                if (v != RevocationVerdict.PASSED) {
                    return v;
                }
                continue;
            }
            OcspAnswer a = answer.get();
            if (a.status() == OcspAnswer.Status.REVOKED) {
                return new RevocationVerdict.Revoked(c, i, a.revocation().orElseThrow(), "OCSP " + responder.get());
            }
            if (a.status() == OcspAnswer.Status.UNKNOWN && ask) {
                RevocationVerdict v = noAnswer(c, i, remote, responder.get(), "the responder does not know this certificate (status unknown)");
                if (v != RevocationVerdict.PASSED) {
                    return v;
                }
            }
        }
        return RevocationVerdict.PASSED;
    }

    private RevocationVerdict noAnswer(X509Certificate c, int position, String remote, URI responder, String why) {
        String what = "no usable OCSP answer for certificate [" + position + "] serial "
                + c.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT) + " (" + c.getSubjectX500Principal().getName()
                + ") from " + responder + ": " + why;
        if (config.ocsp() == RevocationConfig.OcspMode.HARD) {
            return new RevocationVerdict.Unusable(what + "; ocsp: hard");
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("responder", responder.toString());
        f.put("serial", c.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT));
        f.put("reason", why);
        events.emit(Event.of(EventType.OCSP_UNAVAILABLE, link, remote, "link " + link + ": peer " + remote + " admitted without revocation status: "
                + what + "; ocsp: soft", f));
        return RevocationVerdict.PASSED;
    }

    private static void answered(URI responder) {
        FAILURES.remove(responder);
        RESTING.remove(responder);
    }

    private void failed(URI responder, String why) {
        int n = FAILURES.computeIfAbsent(responder, k -> new AtomicInteger()).incrementAndGet();
        RESTING.put(responder, Instant.now().plusMillis(Long.getLong("securelink.ocsp.retry-millis", 5_000)));
        if (n == FAILING_AFTER) {
            events.emit(Event.of(EventType.OCSP_FAILING, link, "", "link " + link + ": OCSP responder " + responder + " failed "
                    + n + " times in a row; last: " + why, Map.of("responder", responder.toString(), "failures", Integer.toString(n),
                    "reason", why)));
        }
    }

    /** How many answers this link asked for are still cached. */
    int answersCached(Instant now) {
        asked.removeIf(k -> !cache.holds(k, now));
        return asked.size();
    }

    /** Responders currently failing (consecutive failures), for status. */
    static Map<URI, Integer> failingResponders() {
        Map<URI, Integer> out = new LinkedHashMap<>();
        FAILURES.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
