package io.securelink.appliance.policy;

import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.PolicyConfig;
import io.securelink.crypto.PresentedIdentity;
import java.util.List;
import java.util.Optional;

/**
 * Server mode: the verified peer identity picks the backend. Routes are tried in order; a link's
 * plain {@code forward} is the fallback. No match and no fallback means no route, and the connection
 * is closed.
 */
public final class RouteTable {
    private final List<PolicyConfig.Route> routes;
    private final Optional<HostPort> fallback;

    public RouteTable(List<PolicyConfig.Route> routes, Optional<HostPort> fallback) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
    }

    public record Routed(HostPort forward, String rule) {
    }

    /** @param peer the verified leaf's identity, or null when the peer sent no certificate */
    public Optional<Routed> route(PresentedIdentity peer) {
        if (peer != null) {
            for (int i = 0; i < routes.size(); i++) {
                PolicyConfig.Route r = routes.get(i);
                var match = r.peers().firstMatch(peer);
                if (match.isPresent()) {
                    return Optional.of(new Routed(r.forward(), "routes[" + i + "] " + match.get()));
                }
            }
        }
        return fallback.map(f -> new Routed(f, "forward"));
    }
}
