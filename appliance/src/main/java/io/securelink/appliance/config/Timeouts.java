package io.securelink.appliance.config;

import java.time.Duration;

/**
 * Per-link time bounds: TLS handshake, upstream connect, idle connection, and drain on stop or removal.
 * {@code idle} is {@link Duration#ZERO} when off ({@code idle: off}): voice trunks may sit idle for hours,
 * and TCP keep-alive, not an idle timer, is what finds a dead peer on them.
 */
public record Timeouts(Duration handshake, Duration connect, Duration idle, Duration drain) {
    public boolean idleOff() {
        return idle.isZero();
    }

    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(300), Duration.ofSeconds(30));
}
