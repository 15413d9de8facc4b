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

    /**
     * What a record's generated {@code toString} gives, written out: the config digest includes it, and the
     * generated one bootstraps method handles, which costs every {@code check-config} run more than the rest
     * of the digest ({@code RecordTextTest} holds it to the generated form).
     */
    @Override
    public String toString() {
        return "Timeouts[handshake=" + handshake + ", connect=" + connect + ", idle=" + idle + ", drain=" + drain + "]";
    }

    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(300), Duration.ofSeconds(30));
}
