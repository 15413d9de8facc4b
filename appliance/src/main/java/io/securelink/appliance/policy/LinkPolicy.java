package io.securelink.appliance.policy;

import io.securelink.appliance.config.ClientAuth;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.PolicyConfig;
import io.securelink.crypto.PresentedIdentity;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/**
 * Every policy decision of one link under one config snapshot, prepared once when the snapshot is:
 * source rules, the per-source rate and connection limits (applied by {@link Admission}, which keeps the
 * counts), whether a peer must present a certificate, and the routes. The link and {@code policy explain}
 * both ask this object, so what explain says is what the link does. Immutable and thread-safe.
 */
public final class LinkPolicy {
    private final SourceRules sources;
    private final PolicyConfig limits;
    private final boolean peerCertificateRequired;
    private final RouteTable routes;

    /**
     * @param peerCertificateRequired a server link that pins or lists its peers refuses a peer without a certificate
     * @param fallback                server mode: where a peer no route matches goes
     */
    public LinkPolicy(PolicyConfig policy, boolean peerCertificateRequired, Optional<HostPort> fallback) {
        this.sources = SourceRules.of(policy);
        this.limits = policy;
        this.peerCertificateRequired = peerCertificateRequired;
        this.routes = new RouteTable(policy.routes(), fallback);
    }

    public static LinkPolicy of(LinkConfig link) {
        var tls = link.tls();
        boolean required = tls.clientAuth() != ClientAuth.NONE && (!tls.pins().isEmpty() || !tls.peers().isEmpty());
        return new LinkPolicy(link.policy(), required, link.forward());
    }

    /** The accept-time source rule for {@code source} (deny-sources, then sources, else default deny). */
    public Decision source(InetAddress source) {
        return sources.evaluate(source);
    }

    /** Rate and limits; {@link Admission} applies them with the link's counts. */
    public PolicyConfig limits() {
        return limits;
    }

    /** The limits in words, as {@code policy explain} prints them. */
    public String describeLimits() {
        return "max-connections " + limit(limits.maxConnections())
                + ", per source " + limit(limits.maxConnectionsPerSource())
                + ", rate " + (limits.rate() == null ? "none" : limits.rate().text() + " burst " + limits.rate().burst())
                + ", handshakes in flight " + limit(limits.maxHandshakesInFlight());
    }

    private static String limit(int n) {
        return n == 0 ? "unlimited" : Integer.toString(n);
    }

    /**
     * What a server link does with a peer whose handshake (chain, pins, identity allow-list) succeeded:
     * refuse a missing certificate where peers are pinned or listed, refuse an unreadable identity, or route.
     *
     * @param leaf the verified leaf, or null when the peer sent no certificate
     */
    public PeerDecision afterHandshake(X509Certificate leaf) {
        if (leaf == null && peerCertificateRequired) {
            return PeerDecision.refused(Verdict.IDENTITY_DENIED, "no certificate",
                    "peer sent no certificate, but the link requires pinned or listed peers", Map.of("reason", "no certificate"));
        }
        PresentedIdentity id;
        try {
            id = leaf == null ? null : PresentedIdentity.of(leaf);
        } catch (IllegalArgumentException e) {
            return PeerDecision.refused(Verdict.IDENTITY_DENIED, "unreadable identity",
                    "unreadable peer identity: " + e.getMessage(), Map.of("reason", "unreadable identity"));
        }
        return route(id);
    }

    /** The route for a verified identity (null: the peer sent no certificate), or a no-route refusal. */
    public PeerDecision route(PresentedIdentity id) {
        Optional<RouteTable.Routed> r = routes.route(id);
        if (r.isEmpty()) {
            return PeerDecision.refused(Verdict.NO_ROUTE, "no route", "no route for peer " + (id == null ? "without certificate" : id),
                    Map.of("identity", String.valueOf(id)));
        }
        return new PeerDecision(new Decision(Verdict.ALLOWED, r.get().rule()), r.get(), id, "", Map.of());
    }

    /**
     * A post-handshake decision: allowed with its route and the peer identity it was routed by (null: the
     * peer sent no certificate), or refused with the message and fields of the event it raises
     * ({@link Verdict#eventType()}).
     */
    public record PeerDecision(Decision decision, RouteTable.Routed route, PresentedIdentity peer, String message, Map<String, String> fields) {
        static PeerDecision refused(Verdict v, String rule, String message, Map<String, String> fields) {
            return new PeerDecision(new Decision(v, rule), null, null, message, fields);
        }
    }
}
