package io.securelink.appliance.report;

import java.util.List;
import java.util.Map;

/**
 * One link's post-quantum standing, as status and the heartbeat report it.
 *
 * @param protection       {@code required} (only post-quantum sessions), {@code offered} (post-quantum
 *                         first, classical accepted) or {@code none} (this link has no post-quantum
 *                         protection: no such group configured, or a TLS provider that cannot do it)
 * @param offered          the groups this link puts on the wire, most preferred first
 * @param groups           completed handshakes since start per negotiated group
 * @param postQuantumHandshakes of those, the handshakes on a post-quantum group
 * @param livePostQuantum  live connections keyed with a post-quantum group
 */
public record KeyExchangeStatus(String protection, List<String> offered, Map<String, Long> groups, long postQuantumHandshakes,
                                long livePostQuantum) {

    /** The "pq share": handshakes on a post-quantum group over all completed handshakes (0 when none yet). */
    public double postQuantumShare() {
        long all = groups.values().stream().mapToLong(Long::longValue).sum();
        return all == 0 ? 0 : (double) postQuantumHandshakes / all;
    }
}
