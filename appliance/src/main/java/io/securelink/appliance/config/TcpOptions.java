package io.securelink.appliance.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-link TCP settings applied to both legs of every connection (the TLS leg and the plaintext leg):
 * keep-alive probing, the user timeout for unacknowledged data, and the DSCP marking.
 *
 * <p>Defaults suit long-lived SIP-over-TLS trunks that may sit idle for hours between calls: keep-alive
 * after 30 s of silence, every 10 s, 3 probes (a silently dead peer is found in about a minute, and the
 * probes also keep firewall and NAT state alive); unacknowledged data is given up after 30 s, just before
 * SIP's own 32 s transaction timeout; no DSCP marking unless the site asks for it.
 *
 * @param keepalive empty when keep-alive probing is off
 * @param userTimeout {@link Duration#ZERO} when off (the kernel's retransmission limit, about 15 minutes, applies)
 * @param dscp empty when packets are left unmarked
 */
public record TcpOptions(Optional<Keepalive> keepalive, Duration userTimeout, Optional<Dscp> dscp) {
    public static final Keepalive DEFAULT_KEEPALIVE = new Keepalive(Duration.ofSeconds(30), Duration.ofSeconds(10), 3);
    public static final TcpOptions DEFAULTS = new TcpOptions(Optional.of(DEFAULT_KEEPALIVE), Duration.ofSeconds(30), Optional.empty());

    /**
     * TCP keep-alive: the first probe after {@code idle} without traffic, then every {@code interval};
     * {@code count} unanswered probes end the connection.
     */
    public record Keepalive(Duration idle, Duration interval, int count) {
        /** The time from the last packet received until a silent peer is declared dead by keep-alive alone. */
        public Duration budget() {
            return idle.plus(interval.multipliedBy(count));
        }

        @Override
        public String toString() {
            return "{idle=" + Durations.format(idle) + ",interval=" + Durations.format(interval) + ",count=" + count + "}";
        }
    }

    /**
     * The TCP_USER_TIMEOUT to put on the socket. Linux applies it to keep-alive as well: with it set, an
     * idle connection ends at the first keep-alive timer at or after the user timeout instead of after
     * {@code count} probes, which can be one interval later than the keep-alive budget. Capping it at
     * the budget keeps both limits what the config says.
     */
    public Duration effectiveUserTimeout() {
        if (userTimeout.isZero() || keepalive.isEmpty()) {
            return userTimeout;
        }
        Duration budget = keepalive.get().budget();
        return userTimeout.compareTo(budget) > 0 ? budget : userTimeout;
    }

    @Override
    public String toString() {
        return "{keepalive=" + keepalive.map(Keepalive::toString).orElse("off")
                + ",user-timeout=" + (userTimeout.isZero() ? "off" : Durations.format(userTimeout))
                + ",dscp=" + dscp.map(Dscp::name).orElse("none") + "}";
    }
}
