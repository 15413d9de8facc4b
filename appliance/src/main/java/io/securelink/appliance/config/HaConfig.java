package io.securelink.appliance.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code ha} section: this appliance is one of an active/standby pair whose virtual IP keepalived
 * moves. Every listener binds with IP_FREEBIND (so both boxes listen on the virtual IP whether or not they
 * hold it); the health of the appliance is published in {@code healthFile} for keepalived's
 * {@code track_file} ({@code 0} healthy, {@code 1} not), re-evaluated every {@code probeInterval}, an
 * upstream counting as unreachable when a TCP connect to it takes longer than {@code probeTimeout}.
 */
public record HaConfig(Path healthFile, Duration probeInterval, Duration probeTimeout) {
    public static final Path DEFAULT_HEALTH_FILE = Path.of("/run/securelink/health");
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(500);

    @Override
    public String toString() {
        return "{health-file=" + healthFile + ",probe-interval=" + Durations.format(probeInterval)
                + ",probe-timeout=" + Durations.format(probeTimeout) + "}";
    }
}
