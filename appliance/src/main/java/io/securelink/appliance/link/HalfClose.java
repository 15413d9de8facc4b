package io.securelink.appliance.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * Propagating the end of one direction of a relay: when one side stops sending, the other side's
 * output is shut down with a TCP FIN while the reverse direction keeps flowing; once a channel has
 * neither input nor output left it is closed (and a TLS side then sends close_notify).
 *
 * <p>A half-close is not signalled with close_notify: netty-tcnative's engine answers a received
 * close_notify by closing its own sending side too, which would cut the reverse direction of every
 * half-closed stream between two BoringSSL endpoints. Full closes still carry close_notify.
 */
final class HalfClose {
    private HalfClose() {
    }

    static void shutdownOutput(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (ch instanceof DuplexChannel d && ch.isActive()) {
                d.shutdownOutput().addListener(done -> closeIfDone(ch));
            } else {
                ch.close();
            }
        });
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
