package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One accepted connection from accept to close: the bytes relayed each way and what ended it. The relays
 * count through it, and it passes every count on to the link's {@link LinkStats} at once, so the link
 * counters ({@code status}, heartbeat, {@code query}) and the connection's close line come from the same
 * count. "Client" is whoever connected to the link's listener (the TLS peer of a server link, the local
 * plaintext client of a client link); the far leg is the backend (server link) or upstream (client link).
 *
 * <p>Byte counts are only touched on the connection's event loop (both legs share it). The end is
 * recorded first-come: the first leg whose input ended (FIN, close_notify), failed, or a decision of the
 * appliance (idle timeout, revocation, shutdown) names who closed.
 */
final class ConnectionTrace {
    static final AttributeKey<ConnectionTrace> KEY = AttributeKey.valueOf("securelink.connection-trace");

    /** Who ended a connection, as its close line says. */
    static final String CLIENT = "client";
    static final String IDLE_TIMEOUT = "idle-timeout";
    static final String POLICY = "policy";
    static final String SHUTDOWN = "shutdown";
    /** Reset during its handshake to free the slot for a less busy source (counted as handshake-evicted, not as a failure). */
    static final String EVICTED = "handshake-evicted";

    private final LinkStats stats;
    private final boolean serverLink;
    private final long acceptedNanos = System.nanoTime();
    private long fromClient;
    private long toClient;
    private volatile String closedBy;
    private boolean announced;

    ConnectionTrace(LinkStats stats, boolean serverLink) {
        this.stats = stats;
        this.serverLink = serverLink;
    }

    /** The trace of an accepted channel, or null (a channel refused at accept has none). */
    static ConnectionTrace of(Channel accepted) {
        return accepted.attr(KEY).get();
    }

    /** Records who or what ended the connection, unless something already did. Null-safe on {@code trace}. */
    static void end(ConnectionTrace trace, String why) {
        if (trace != null) {
            trace.endedBy(why);
        }
    }

    /** The far leg's name: {@code backend} (server link) or {@code upstream} (client link). */
    String farLeg() {
        return serverLink ? "backend" : "upstream";
    }

    /** Bytes read from the client and relayed on. */
    void fromClient(long n) {
        fromClient += n;
        if (serverLink) {
            stats.fromRemote(n);
        } else {
            stats.toRemote(n);
        }
    }

    /** Bytes read from the far leg and relayed to the client. */
    void toClient(long n) {
        toClient += n;
        if (serverLink) {
            stats.toRemote(n);
        } else {
            stats.fromRemote(n);
        }
    }

    synchronized void endedBy(String why) {
        if (closedBy == null) {
            closedBy = why;
        }
    }

    long fromClient() {
        return fromClient;
    }

    long toClient() {
        return toClient;
    }

    /** Who ended it; {@code appliance} when nothing was recorded (the appliance closed it for a reason logged as an event). */
    String closedBy() {
        String c = closedBy;
        return c == null ? "appliance" : c;
    }

    long nanosSinceAccept() {
        return System.nanoTime() - acceptedNanos;
    }

    /** The accept line was written, so a close line is due. */
    void announced() {
        announced = true;
    }

    boolean wasAnnounced() {
        return announced;
    }
}
