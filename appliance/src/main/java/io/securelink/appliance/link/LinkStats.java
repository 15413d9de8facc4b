package io.securelink.appliance.link;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters of one link since start, surviving reloads: connections, bytes each way, failed accepts and
 * handshake failures by reason, handshakes per key-exchange group and live post-quantum connections, the current
 * upstream, and the nearest expiry among the peer certificates seen.
 */
public final class LinkStats {
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder bytesFromRemote = new LongAdder();
    private final LongAdder bytesToRemote = new LongAdder();
    private final Map<String, LongAdder> handshakeFailures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acceptFailures = new ConcurrentHashMap<>();
    private final LongAdder closedForRevocation = new LongAdder();
    private final Map<String, LongAdder> groups = new ConcurrentHashMap<>();
    private final LongAdder livePostQuantum = new LongAdder();
    private volatile String activeUpstream = "";
    private volatile Instant peerCertificateNotAfter;

    public void connectionOpened() {
        totalConnections.increment();
    }

    public void fromRemote(long n) {
        bytesFromRemote.add(n);
    }

    public void toRemote(long n) {
        bytesToRemote.add(n);
    }

    public void handshakeFailed(String reason) {
        handshakeFailures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** The listening socket failed to accept, for {@code reason} ({@code fd-limit}, {@code system-fd-limit}, {@code other}). */
    public void acceptFailed(String reason) {
        acceptFailures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Failed accepts since start, per reason (a reason appears once seen). */
    public Map<String, Long> acceptFailures() {
        Map<String, Long> out = new TreeMap<>();
        acceptFailures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** A handshake finished with {@code group}; counted per group for the post-quantum share. */
    public void groupNegotiated(String group) {
        groups.computeIfAbsent(group, k -> new LongAdder()).increment();
    }

    /** A post-quantum connection went live (+1) or ended (-1). */
    public void livePostQuantum(int delta) {
        livePostQuantum.add(delta);
    }

    /** Handshakes completed since start, per negotiated key-exchange group. */
    public Map<String, Long> groups() {
        Map<String, Long> out = new TreeMap<>();
        groups.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Live connections whose session was keyed with a post-quantum group. */
    public long livePostQuantum() {
        return livePostQuantum.sum();
    }

    public void upstream(String endpoint) {
        activeUpstream = endpoint;
    }

    public void peerCertificateSeen(Instant notAfter) {
        peerCertificateNotAfter = notAfter;
    }

    public void closedForRevocation() {
        closedForRevocation.increment();
    }

    /** Live connections closed because their peer's chain was revoked after they opened. */
    public long closedForRevocationCount() {
        return closedForRevocation.sum();
    }

    public long totalConnections() {
        return totalConnections.sum();
    }

    public long bytesFromRemote() {
        return bytesFromRemote.sum();
    }

    public long bytesToRemote() {
        return bytesToRemote.sum();
    }

    public Map<String, Long> handshakeFailures() {
        Map<String, Long> out = new TreeMap<>();
        handshakeFailures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public String activeUpstream() {
        return activeUpstream;
    }

    /** Not-after of the last peer certificate verified on this link, or null if none yet. */
    public Instant peerCertificateNotAfter() {
        return peerCertificateNotAfter;
    }
}
