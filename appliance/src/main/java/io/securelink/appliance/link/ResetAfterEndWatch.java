package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices a peer that resets a connection after it has ended its side (FIN, then RST) while nothing flows the
 * other way. Once the peer's FIN is read, Netty's epoll transport stops watching the socket's input, and with
 * nothing to write the socket asks for no event at all: the reset reaches no handler. The relay would then hold
 * the other leg open (a backend would keep a gone client's connection, and the link would count it live) until
 * the other side sends or closes, or the idle timeout, which voice links turn off.
 *
 * <p>Contract: while the channel is open and its own output is not shut (so a TCP_CLOSE cannot be the end of an
 * orderly close), its kernel TCP state is read every {@link #INTERVAL}; the first time it is TCP_CLOSE, the
 * state a reset leaves, {@code onReset} runs once, on the channel's event loop. Epoll channels only: other
 * transports keep no TCP state to read here.
 */
final class ResetAfterEndWatch {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** {@code TCP_CLOSE} of Linux's include/net/tcp_states.h. */
    private static final int TCP_CLOSE = 7;

    private final EpollSocketChannel channel;
    private final Runnable onReset;
    private ScheduledFuture<?> next;

    private ResetAfterEndWatch(EpollSocketChannel channel, Runnable onReset) {
        this.channel = channel;
        this.onReset = onReset;
    }

    /**
     * Starts watching {@code ch}, whose peer has just ended its side; null for other transports. Call on the
     * channel's event loop, and {@link #cancel} when the channel closes, so a connection that ends soon after its
     * FIN (most do) leaves no timer behind to wake the loop.
     */
    static ResetAfterEndWatch start(Channel ch, Runnable onReset) {
        if (!(ch instanceof EpollSocketChannel e)) {
            return null;
        }
        ResetAfterEndWatch w = new ResetAfterEndWatch(e, onReset);
        w.schedule();
        return w;
    }

    /** Stops watching (the channel closed). */
    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void schedule() {
        next = channel.eventLoop().schedule(this::check, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        next = null;
        if (!channel.isActive() || channel.isOutputShutdown()) {
            return;
        }
        int state;
        try {
            state = channel.tcpInfo().state();
        } catch (RuntimeException e) {
            return;
        }
        if (state == TCP_CLOSE) {
            onReset.run();
        } else {
            schedule();
        }
    }
}
