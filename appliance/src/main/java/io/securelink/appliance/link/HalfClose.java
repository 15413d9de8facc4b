package io.securelink.appliance.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;

/**
 * Propagating the end of one direction of a relay: when one side stops sending, the other side's
 * output is shut down with a TCP FIN while the reverse direction keeps flowing; once a channel has
 * neither input nor output left it is closed (and a TLS side then sends close_notify).
 *
 * <p>A half-close is not signalled with close_notify: netty-tcnative's engine answers a received
 * close_notify by closing its own sending side too, which would cut the reverse direction of every
 * half-closed stream between two BoringSSL endpoints. Full closes still carry close_notify.
 *
 * <p>The FIN goes out only once the channel's outbound buffer is empty: Netty's shutdownOutput fails
 * every write still queued (or, with io_uring, still in flight), so shutting on the first flush marker
 * alone would silently drop anything queued behind it. If flushing fails, bytes are already lost and
 * the channel is reset instead of closed, so the far end sees an error rather than a clean, short EOF.
 */
final class HalfClose {
    private HalfClose() {
    }

    static void shutdownOutput(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        flushThenShutdown(ch);
    }

    private static void flushThenShutdown(Channel ch) {
        // Checked in a task of its own: while a write's listener runs, the outbound buffer still counts that write.
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ch.eventLoop().execute(() -> shutdownOnceDrained(ch, f)));
    }

    private static void shutdownOnceDrained(Channel ch, Future<?> flushed) {
        if (!flushed.isSuccess()) {
            reset(ch);
        } else if (!(ch instanceof DuplexChannel d) || !ch.isActive()) {
            ch.close();
        } else if (!drained(ch)) {
            // Written after our marker, or not yet confirmed by the kernel: flush and wait for that too.
            flushThenShutdown(ch);
        } else {
            d.shutdownOutput().addListener(done -> closeIfDone(ch));
        }
    }

    /** Nothing queued, flushed or not, and nothing in flight: a shutdown now can fail no write. */
    static boolean drained(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null || out.totalPendingWriteBytes() == 0;
    }

    private static void reset(Channel ch) {
        if (ch.isOpen()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        }
    }

    static void closeIfDone(Channel ch) {
        if (ch instanceof DuplexChannel d && d.isInputShutdown() && d.isOutputShutdown()) {
            ch.close();
        }
    }

    /** Closes {@code ch} once everything already written to it has been flushed. */
    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
