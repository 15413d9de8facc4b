package io.securelink.appliance.tls;

import io.securelink.appliance.config.RevocationConfig;
import io.securelink.appliance.report.CrlStatus;
import io.securelink.crypto.Revocation;
import io.securelink.crypto.RevocationList;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRL side of one link's revocation settings in one config snapshot: for a verified chain (leaf
 * first, as {@link SignaturePath} builds it), checks every certificate that is not self-signed against
 * the CRL of its issuer. A CRL's signature is checked against the anchor of the trust bundle with the
 * issuer's name once, when the snapshot is built; a CRL whose issuer is an intermediate the bundle does
 * not hold is checked against the issuer certificate of the chain itself (which the chain validation
 * has already tied to an anchor), once per issuer certificate. A certificate whose issuer has no CRL is
 * not checked by CRL. Thread-safe; immutable apart from the signature cache.
 */
public final class RevocationCheck {
    static final Duration EXPIRING = Duration.ofHours(24);

    private final RevocationConfig config;
    private final List<Crl> crls;
    private final OcspCheck ocsp;

    private enum Signature { BY_ANCHOR, BAD, ISSUER_NOT_IN_BUNDLE }

    private record Crl(Path file, RevocationList list, Signature signature, ConcurrentHashMap<X509Certificate, Boolean> byIssuer) {
    }

    private RevocationCheck(RevocationConfig config, List<Crl> crls, OcspCheck ocsp) {
        this.config = config;
        this.crls = crls;
        this.ocsp = ocsp;
    }

    /** CRLs only (audit, explain): OCSP is never asked. */
    public static RevocationCheck of(RevocationConfig config, List<X509Certificate> anchors) {
        return of("", config, anchors, io.securelink.appliance.event.EventSink.NONE);
    }

    /** CRLs and, where configured, OCSP for link {@code link}; OCSP events go to {@code events}. */
    public static RevocationCheck of(String link, RevocationConfig config, List<X509Certificate> anchors,
                                     io.securelink.appliance.event.EventSink events) {
        List<Crl> out = new ArrayList<>();
        for (int i = 0; i < config.crls().size(); i++) {
            RevocationList l = config.crls().get(i);
            Signature sig = Signature.ISSUER_NOT_IN_BUNDLE;
            for (X509Certificate a : anchors) {
                if (a.getSubjectX500Principal().equals(l.issuer())) {
                    if (l.signedBy(a)) {
                        sig = Signature.BY_ANCHOR;
                        break;
                    }
                    sig = Signature.BAD;
                }
            }
            out.add(new Crl(config.crlFiles().get(i), l, sig, new ConcurrentHashMap<>()));
        }
        return new RevocationCheck(config, List.copyOf(out), new OcspCheck(link, config, events, OcspCache.SHARED));
    }

    /**
     * This check with the CRL of {@code file} replaced by {@code fresh}, or empty when this link does not use
     * that file (for closing revoked connections the moment a CRL lands on disk, before the reload).
     */
    public Optional<RevocationCheck> withCrl(Path file, RevocationList fresh, List<X509Certificate> anchors) {
        int i = config.crlFiles().indexOf(file);
        if (i < 0) {
            return Optional.empty();
        }
        List<RevocationList> lists = new ArrayList<>(config.crls());
        lists.set(i, fresh);
        return Optional.of(of(new RevocationConfig(config.crlFiles(), lists, config.crlStale(), config.ocsp(), config.ocspResponder(),
                config.ocspTimeout(), config.staple()), anchors));
    }

    public RevocationConfig config() {
        return config;
    }

    /** Whether anything (CRL or OCSP) is checked. */
    public boolean checksAnything() {
        return !crls.isEmpty() || ocsp.enabled();
    }

    /** Whether OCSP is asked (the handshake then runs its checks on the handshake-task executor). */
    public boolean asksOcsp() {
        return ocsp.enabled();
    }

    /**
     * The handshake check: CRLs first, then OCSP (asking responders where no answer is cached; blocking).
     * {@code remote} names the peer in OCSP events.
     */
    public RevocationVerdict check(List<X509Certificate> path, String remote, Instant now) {
        RevocationVerdict v = check(path, now);
        return v == RevocationVerdict.PASSED ? ocsp.check(path, remote, now) : v;
    }

    /** Re-asks OCSP where answers about {@code path} ran out (blocking; background only). */
    public void refreshOcsp(List<X509Certificate> path, String remote, Instant now) {
        ocsp.check(path, remote, now);
    }

    /** For live connections: CRLs and cached OCSP answers only; never blocks. */
    public RevocationVerdict recheck(List<X509Certificate> path, Instant now) {
        RevocationVerdict v = check(path, now);
        return v instanceof RevocationVerdict.Revoked ? v : ocsp.checkCached(path, now) instanceof RevocationVerdict.Revoked r ? r : v;
    }

    /** Checks {@code path} (leaf first, ending at the anchor) against the CRLs at {@code now}. */
    public RevocationVerdict check(List<X509Certificate> path, Instant now) {
        if (crls.isEmpty()) {
            return RevocationVerdict.PASSED;
        }
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            if (c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
                continue;
            }
            Optional<Crl> crl = crlFor(c);
            if (crl.isEmpty()) {
                continue;
            }
            Crl l = crl.get();
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : null;
            if (!signatureHolds(l, issuer)) {
                if (config.crlStale() == RevocationConfig.CrlStale.REFUSE) {
                    return new RevocationVerdict.Unusable("the CRL of " + l.list().issuerName() + " (" + l.file()
                            + ") is not signed by that CA's key; crl-stale: refuse");
                }
                continue;
            }
            if (l.list().staleAt(now) && config.crlStale() == RevocationConfig.CrlStale.REFUSE) {
                return new RevocationVerdict.Unusable("the CRL of " + l.list().issuerName() + " (" + l.file() + ") is stale: its nextUpdate "
                        + l.list().nextUpdate().orElseThrow() + " has passed; crl-stale: refuse");
            }
            Optional<Revocation> r = l.list().lookup(c.getSerialNumber());
            if (r.isPresent()) {
                return new RevocationVerdict.Revoked(c, i, r.get(), "CRL " + l.file());
            }
        }
        return RevocationVerdict.PASSED;
    }

    private Optional<Crl> crlFor(X509Certificate c) {
        for (Crl l : crls) {
            if (l.list().covers(c)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private static boolean signatureHolds(Crl l, X509Certificate issuer) {
        return switch (l.signature()) {
            case BY_ANCHOR -> true;
            case BAD -> false;
            case ISSUER_NOT_IN_BUNDLE -> issuer != null && l.byIssuer().computeIfAbsent(issuer, l.list()::signedBy);
        };
    }

    /**
     * Verifies an OCSP response a server stapled about {@code leaf} (no nonce: freshness from its
     * validity) and caches it, so the check that follows uses it instead of asking a responder.
     */
    public io.securelink.crypto.OcspAnswer acceptStaple(X509Certificate leaf, X509Certificate issuer, byte[] response, Instant now)
            throws io.securelink.crypto.CryptoException {
        io.securelink.crypto.OcspAnswer a = io.securelink.crypto.OcspQuery.verifyStapled(response, leaf, issuer, now);
        ocsp.accept(leaf, issuer, a, now);
        return a;
    }

    /** OCSP answers this link asked for that are still cached (until their nextUpdate). */
    public int ocspAnswersCached() {
        return ocsp.answersCached(Instant.now());
    }

    /** Runs {@code listener} whenever any OCSP answer newly says revoked (the runtime then sweeps live connections). */
    public static void onOcspRevoked(Runnable listener) {
        OcspCache.SHARED.onRevoked(listener);
    }

    /** OCSP responders whose last answers failed, with how many failures in a row. */
    public static java.util.Map<String, Integer> failingResponders() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        OcspCheck.failingResponders().forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    public static void removeOcspListener(Runnable listener) {
        OcspCache.SHARED.removeListener(listener);
    }

    /** Every configured CRL with its state at {@code now}, for status and alerts. */
    public List<CrlStatus> status(Instant now) {
        List<CrlStatus> out = new ArrayList<>();
        for (Crl l : crls) {
            String state;
            if (l.signature() == Signature.BAD || l.byIssuer().containsValue(Boolean.FALSE)) {
                state = "bad-signature";
            } else if (l.list().staleAt(now)) {
                state = "stale";
            } else if (l.list().nextUpdate().map(n -> now.plus(EXPIRING).isAfter(n)).orElse(false)) {
                state = "expiring";
            } else if (l.signature() == Signature.ISSUER_NOT_IN_BUNDLE) {
                state = "issuer-not-in-bundle";
            } else {
                state = "ok";
            }
            out.add(new CrlStatus(l.file().toString(), l.list().issuerName(), l.list().thisUpdate(),
                    l.list().nextUpdate().orElse(null), l.list().entries(), state));
        }
        return out;
    }
}
