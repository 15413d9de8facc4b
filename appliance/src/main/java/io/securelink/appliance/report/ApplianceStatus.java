package io.securelink.appliance.report;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time report of the running appliance: identity, config digest, TLS provider and every
 * link's {@link LinkStatus}. Immutable; the runtime builds one on demand (cheap enough for every
 * heartbeat) and hands readers (control socket, MQTT status) a supplier of it, so they never reach
 * into the runtime's internals. Empty identity fields mean the appliance is not running.
 */
public record ApplianceStatus(String applianceId, String site, String configDigest, String tlsProvider,
                              Instant startedAt, Instant at, List<LinkStatus> links) {
    public ApplianceStatus {
        links = List.copyOf(links);
    }
}
