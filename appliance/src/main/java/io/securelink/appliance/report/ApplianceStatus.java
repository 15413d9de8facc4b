package io.securelink.appliance.report;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time report of the running appliance: identity, config digest, TLS provider and every
 * link's {@link LinkStatus}. Immutable; the runtime builds one on demand (cheap enough for every
 * heartbeat) and hands readers (control socket, MQTT status) a supplier of it, so they never reach
 * into the runtime's internals. Empty identity fields mean the appliance is not running. {@code ha} is
 * present on a member of an active/standby pair: its VRRP role and the health it publishes.
 */
public record ApplianceStatus(String applianceId, String site, String configDigest, String tlsProvider,
                              Instant startedAt, Instant at, List<LinkStatus> links, java.util.Optional<HaStatus> ha) {
    public ApplianceStatus {
        links = List.copyOf(links);
    }

    /** A report of an appliance that is not one of a pair. */
    public ApplianceStatus(String applianceId, String site, String configDigest, String tlsProvider,
                           Instant startedAt, Instant at, List<LinkStatus> links) {
        this(applianceId, site, configDigest, tlsProvider, startedAt, at, links, java.util.Optional.empty());
    }

    /** The same report with the pair's role and health. */
    public ApplianceStatus withHa(java.util.Optional<HaStatus> pair) {
        return new ApplianceStatus(applianceId, site, configDigest, tlsProvider, startedAt, at, links, pair);
    }
}
