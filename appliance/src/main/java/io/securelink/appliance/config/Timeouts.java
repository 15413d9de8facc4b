package io.securelink.appliance.config;

import java.time.Duration;

/** Per-link time bounds: TLS handshake, upstream connect, idle connection, and drain on stop or removal. */
public record Timeouts(Duration handshake, Duration connect, Duration idle, Duration drain) {
    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(300), Duration.ofSeconds(30));
}
