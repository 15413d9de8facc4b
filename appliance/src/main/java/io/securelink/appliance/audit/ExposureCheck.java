package io.securelink.appliance.audit;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.ClientAuth;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.config.PolicyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Who can reach each link: client authentication on server links, source ranges, connection and rate
 * limits, and listening on every address. Client links listen for local plaintext, so an open listener
 * there hands the tunnel to whoever reaches it.
 */
public final class ExposureCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (LinkConfig link : ctx.config().links().values()) {
            boolean server = link.mode() == LinkMode.SERVER;
            PolicyConfig p = link.policy();
            if (server && link.tls().clientAuth() != ClientAuth.REQUIRED) {
                out.add(new Finding("exposure.client-auth-not-required", Severity.HIGH,
                        AuditContext.linkSubject(link.name(), "tls.client-auth"),
                        "client-auth is " + link.tls().clientAuth().name().toLowerCase(java.util.Locale.ROOT)
                                + ": peers without a certificate reach the forwarded service",
                        "set client-auth: required"));
            }
            List<String> open = p.sources().stream().filter(c -> c.prefix() == 0).map(CidrBlock::toString).toList();
            if (!open.isEmpty()) {
                out.add(new Finding("exposure.sources-any", Severity.HIGH, AuditContext.linkSubject(link.name(), "policy.sources"),
                        "sources include " + String.join(", ", open) + " (any address)",
                        "list the networks that need this link, e.g. 10.20.0.0/16"));
            }
            List<String> unlimited = new ArrayList<>();
            if (p.maxConnections() == 0) {
                unlimited.add("max-connections");
            }
            if (p.maxConnectionsPerSource() == 0) {
                unlimited.add("max-connections-per-source");
            }
            if (p.maxHandshakesInFlight() == 0) {
                unlimited.add("max-handshakes-in-flight");
            }
            if (!unlimited.isEmpty()) {
                out.add(new Finding("exposure.no-connection-limit", Severity.MEDIUM, AuditContext.linkSubject(link.name(), "policy"),
                        String.join(", ", unlimited) + " unlimited: one source can exhaust memory and file descriptors",
                        "set finite limits (defaults: " + PolicyConfig.DEFAULT_MAX_CONNECTIONS + ", " + PolicyConfig.DEFAULT_MAX_PER_SOURCE
                                + ", " + PolicyConfig.DEFAULT_MAX_HANDSHAKES + ")"));
            }
            if (p.rate() == null) {
                out.add(new Finding("exposure.no-rate-limit", server ? Severity.MEDIUM : Severity.LOW,
                        AuditContext.linkSubject(link.name(), "policy.rate"),
                        "no per-source rate limit on new connections" + (server ? ": handshakes (CPU) can be flooded" : ""),
                        "set policy.rate.per-source, e.g. 10/s"));
            }
            if (link.listen().isWildcard()) {
                out.add(new Finding("exposure.listen-all-addresses", server ? Severity.LOW : Severity.MEDIUM,
                        AuditContext.linkSubject(link.name(), "listen"),
                        "listens on " + link.listen() + " (every interface)"
                                + (server ? "" : "; this is the plaintext side of a client link"),
                        "listen on the address of the interface that needs it" + (server ? "" : " (e.g. 127.0.0.1 or the LAN address)")));
            }
        }
        return out;
    }
}
