package io.securelink.appliance.tls;


import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.crypto.CertificateSummary;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.IdentityPattern;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.PresentedIdentity;
import io.securelink.crypto.SignaturePath;
import io.securelink.crypto.SpkiPin;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides, inside the handshake, whether a link may talk to the peer: the chain must validate against
 * the link's trust anchors (PKIX, via the JDK) or, with {@code pins-only}, be a correctly signed chain
 * within its validity; the chain it actually hangs from must hold a pinned SPKI when pins are set; the
 * leaf must match the identity allow-list when one is set. Any failure aborts the handshake (fail
 * closed) with a {@link PeerRefusedException} and one event naming everything that was seen. A chain
 * that passed is remembered ({@link VerifiedChains}), so a reconnecting peer costs a lookup, not a PKIX run.
 */
public final class PeerVerifier extends X509ExtendedTrustManager {
    private final String link;
    private final List<X509Certificate> anchors;
    private final X509TrustManager pkix;
    private final PinSet pins;
    private final IdentityAllowList peers;
    private final EventSink events;
    private final VerifiedChains verified = new VerifiedChains();
    private final RevocationCheck revocation;

    public PeerVerifier(String link, List<X509Certificate> anchors, PinSet pins, IdentityAllowList peers, EventSink events) {
        this(link, anchors, pins, peers, RevocationCheck.of(io.securelink.appliance.config.RevocationConfig.NONE, anchors), events);
    }

    public PeerVerifier(String link, List<X509Certificate> anchors, PinSet pins, IdentityAllowList peers, RevocationCheck revocation,
                        EventSink events) {
        this.link = link;
        this.revocation = revocation;
        this.anchors = List.copyOf(anchors);
        this.pkix = anchors.isEmpty() ? null : pkixTrustManager(anchors);
        this.pins = pins;
        this.peers = peers;
        this.events = events;
    }

    private static X509TrustManager pkixTrustManager(List<X509Certificate> anchors) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate a : anchors) {
                ks.setCertificateEntry("anchor-" + i++, a);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509TrustManager for PKIX");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager from the trust bundle: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            verify(chain, authType, remoteOf(engine), true, engine);
        } catch (PeerRefusedException e) {
            throw RefusalAlert.forHandshake(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            verify(chain, authType, remoteOf(engine), false, engine);
        } catch (PeerRefusedException e) {
            throw RefusalAlert.forHandshake(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, authType, String.valueOf(socket.getRemoteSocketAddress()), true, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, authType, String.valueOf(socket.getRemoteSocketAddress()), false, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, "unknown", true, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, "unknown", false, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(new X509Certificate[0]);
    }

    private static String remoteOf(SSLEngine engine) {
        return engine == null || engine.getPeerHost() == null ? "unknown" : engine.getPeerHost() + ":" + engine.getPeerPort();
    }

    /**
     * Runs the same checks a handshake would on a chain from a file (for {@code policy explain});
     * returns the path the pins were checked against, or throws the refusal a handshake would see.
     */
    public List<X509Certificate> check(List<X509Certificate> chain, boolean peerIsClient) throws PeerRefusedException {
        String authType = peerIsClient ? chain.get(0).getPublicKey().getAlgorithm() : "UNKNOWN";
        try {
            return verify(chain.toArray(new X509Certificate[0]), authType, "policy explain", peerIsClient, null);
        } catch (PeerRefusedException e) {
            throw e;
        } catch (CertificateException e) {
            throw new PeerRefusedException(new PeerRefusal(EventType.CHAIN_REFUSED, link, "policy explain", e.getMessage(),
                    chain.stream().map(CertificateSummary::of).toList(), List.of()), e);
        }
    }

    /** Runs every check and returns the path the pins were checked against. */
    List<X509Certificate> verify(X509Certificate[] chain, String authType, String remote, boolean peerIsClient, SSLEngine engine)
            throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        if (presented.isEmpty()) {
            throw refuse(EventType.CHAIN_REFUSED, remote, "no certificate presented", presented, List.of(), null);
        }
        Optional<VerifiedChains.Verified> known = verified.lookup(chain, authType, peerIsClient, System.currentTimeMillis());
        if (known.isPresent()) {
            // Remembered chains are re-checked for revocation every time: a CRL may have changed since.
            refuseIfRevoked(known.get().path(), presented, remote, peerIsClient, engine);
            MatchedPin.note(engine, known.get().pin());
            return known.get().path();
        }
        if (pkix != null) {
            try {
                if (peerIsClient) {
                    pkix.checkClientTrusted(chain, authType);
                } else {
                    pkix.checkServerTrusted(chain, authType);
                }
            } catch (CertificateException e) {
                throw refuse(EventType.CHAIN_REFUSED, remote, "certificate chain not trusted: " + rootMessage(e),
                        presented, anchors.stream().map(a -> "anchor " + a.getSubjectX500Principal().getName()).toList(), e);
            }
        } else {
            try {
                chain[0].checkValidity();
            } catch (CertificateException e) {
                throw refuse(EventType.CHAIN_REFUSED, remote, "certificate not within its validity period: " + e.getMessage(),
                        presented, List.of(), e);
            }
        }
        Optional<List<X509Certificate>> path = SignaturePath.build(presented, anchors);
        if (path.isEmpty()) {
            throw refuse(EventType.CHAIN_REFUSED, remote, "presented certificates do not form a signed chain", presented, List.of(), null);
        }
        refuseIfRevoked(path.get(), presented, remote, peerIsClient, engine);
        Optional<SpkiPin> pin = pins.isEmpty() ? Optional.empty() : pins.firstMatch(path.get());
        if (!pins.isEmpty() && pin.isEmpty()) {
            throw refuse(EventType.PIN_FAILED, remote, "no certificate in the verified chain matches a pin",
                    presented, pins.pins().stream().map(SpkiPin::toString).toList(), null);
        }
        if (!peers.isEmpty()) {
            PresentedIdentity id;
            try {
                id = PresentedIdentity.of(chain[0]);
            } catch (IllegalArgumentException e) {
                throw refuse(EventType.IDENTITY_REFUSED, remote, "unreadable identity: " + e.getMessage(), presented,
                        peers.patterns().stream().map(IdentityPattern::toString).toList(), e);
            }
            Optional<IdentityPattern> match = peers.firstMatch(id);
            if (match.isEmpty()) {
                throw refuse(EventType.IDENTITY_REFUSED, remote, "identity " + id + " is not in the allow-list",
                        presented, peers.patterns().stream().map(IdentityPattern::toString).toList(), null);
            }
        }
        verified.remember(chain, authType, peerIsClient, new VerifiedChains.Verified(path.get(), pin));
        MatchedPin.note(engine, pin);
        return path.get();
    }

    private void refuseIfRevoked(List<X509Certificate> path, List<X509Certificate> presented, String remote, boolean peerIsClient,
                                 SSLEngine engine) throws PeerRefusedException {
        if (!peerIsClient && revocation.config().staple() && engine instanceof io.netty.handler.ssl.ReferenceCountedOpenSslEngine e
                && path.size() > 1) {
            byte[] stapled = e.getOcspResponse();
            if (stapled != null) {
                io.securelink.crypto.OcspAnswer a;
                try {
                    a = revocation.acceptStaple(path.get(0), path.get(1), stapled, java.time.Instant.now());
                } catch (io.securelink.crypto.CryptoException bad) {
                    throw refuse(EventType.CHAIN_REFUSED, remote, "the server stapled an unusable OCSP response: " + bad.getMessage(),
                            presented, List.of("a stapled OCSP answer signed by the issuing CA or its delegate"), null, Map.of());
                }
                if (a.status() == io.securelink.crypto.OcspAnswer.Status.REVOKED) {
                    RevocationVerdict.Revoked r = new RevocationVerdict.Revoked(path.get(0), 0, a.revocation().orElseThrow(),
                            "OCSP response stapled by the server, signed by " + a.signer());
                    throw refuse(EventType.CERT_REVOKED, remote, RevokedFields.describe(r), presented,
                            List.of("no revoked certificate in the chain"), null, RevokedFields.of(r));
                }
            }
        }
        RevocationVerdict v = revocation.check(path, remote, java.time.Instant.now());
        if (v instanceof RevocationVerdict.Revoked r) {
            Map<String, String> extra = RevokedFields.of(r);
            throw refuse(EventType.CERT_REVOKED, remote, RevokedFields.describe(r), presented,
                    List.of("no revoked certificate in the chain"), null, extra);
        }
        if (v instanceof RevocationVerdict.Unusable u) {
            throw refuse(EventType.CHAIN_REFUSED, remote, "revocation status unknown: " + u.why(), presented,
                    List.of("a current revocation status (CRL signed by the issuing CA, or an OCSP answer)"), null, Map.of());
        }
    }

    /**
     * What the current revocation sources say about a chain accepted earlier (for live connections when
     * a CRL changes): the path is rebuilt from the presented certificates as the handshake built it.
     */
    public RevocationVerdict recheck(List<X509Certificate> presented, java.time.Instant now) {
        return recheck(presented, now, revocation);
    }

    /** As {@link #recheck(List, java.time.Instant)} against {@code using} (this link's check with a CRL just read from disk). */
    public RevocationVerdict recheck(List<X509Certificate> presented, java.time.Instant now, RevocationCheck using) {
        return SignaturePath.build(presented, anchors).map(p -> using.recheck(p, now)).orElse(RevocationVerdict.PASSED);
    }

    /**
     * For a live connection: asks OCSP again about its peer's chain where the cached answer has run out
     * (blocking; a background thread only). A newly revoked answer makes the runtime sweep live connections.
     */
    public void refreshOcsp(List<X509Certificate> presented, String remote) {
        SignaturePath.build(presented, anchors).ifPresent(p -> revocation.refreshOcsp(p, remote, java.time.Instant.now()));
    }

    public RevocationCheck revocation() {
        return revocation;
    }

    /** The pins this link accepts (empty: none configured). */
    public PinSet pins() {
        return pins;
    }

    /** How many accepted chains are remembered (see {@link VerifiedChains}). */
    int rememberedChains() {
        return verified.size();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private PeerRefusedException refuse(EventType type, String remote, String reason, List<X509Certificate> presented,
                                        List<String> expected, Throwable cause) {
        return refuse(type, remote, reason, presented, expected, cause, Map.of());
    }

    private PeerRefusedException refuse(EventType type, String remote, String reason, List<X509Certificate> presented,
                                        List<String> expected, Throwable cause, Map<String, String> extra) {
        PeerRefusal r = new PeerRefusal(type, link, remote, reason,
                presented.stream().map(CertificateSummary::of).toList(), expected);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        for (int i = 0; i < r.presented().size(); i++) {
            CertificateSummary c = r.presented().get(i);
            fields.put("presented." + i + ".subject", c.subject());
            fields.put("presented." + i + ".issuer", c.issuer());
            fields.put("presented." + i + ".pin", c.pin().toString());
            fields.put("presented." + i + ".not-after", c.notAfter().toString());
        }
        fields.put("expected", String.join(" ", expected));
        fields.putAll(extra);
        events.emit(Event.of(type, link, remote, r.describe(), fields));
        return new PeerRefusedException(r, cause);
    }
}
