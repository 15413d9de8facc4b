package io.securelink.appliance.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.securelink.appliance.tls.PeerHalfClose;

/**
 * How the end of one leg of a relay is carried to the other, so that the far peer can tell a complete
 * answer from a crash:
 * <ul>
 *   <li>a clean end of one direction (TCP FIN, or TLS close_notify) becomes a clean end of the same
 *       direction on the other leg: everything written is flushed, then on a TLS leg close_notify, then
 *       TCP FIN, while the reverse direction keeps flowing; once a channel has neither input nor output
 *       left it is closed;</li>
 *   <li>an abort (TCP RST, a read error, a TLS protocol error) becomes an abort of the other leg: TCP RST
 *       (SO_LINGER 0) and no close_notify, so a TLS peer never mistakes a backend crash mid-response for
 *       a complete response.</li>
 * </ul>
 * A TLS peer built on BoringSSL (netty-tcnative) answers a received close_notify by ending its own
 * sending side too; toward a peer that marked itself as a securelink on BoringSSL
 * ({@link PeerHalfClose}) the half-close is therefore a FIN alone, and close_notify goes with the full
 * close, so the reverse direction keeps flowing between two appliances.
 */
final class HalfClose {
    private HalfClose() {
    }

    /** Ends {@code ch}'s sending side cleanly: flush, close_notify when TLS, then FIN. */
    static void shutdownOutput(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!ch.isActive()) {
                return;
            }
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl != null && !PeerHalfClose.byFinOnly(ssl)) {
                ssl.closeOutbound().addListener(sent -> finish(ch));
            } else {
                finish(ch);
            }
        });
    }

    private static void finish(Channel ch) {
        if (ch instanceof DuplexChannel d && ch.isActive()) {
            d.shutdownOutput().addListener(done -> closeIfDone(ch));
        } else {
            ch.close();
        }
    }

    static void closeIfDone(Channel ch) {
        if (ch instanceof DuplexChannel d && d.isInputShutdown() && d.isOutputShutdown()) {
            ch.close();
        }
    }

    /** Closes {@code ch} once everything already written to it has been flushed (TLS: with close_notify). */
    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Aborts {@code ch}: TCP RST, nothing more written, no close_notify (the close bypasses the pipeline,
     * so the TLS handler never gets to send one).
     */
    static void abort(Channel ch) {
        if (ch == null || !ch.isOpen()) {
            return;
        }
        if (!ch.eventLoop().inEventLoop()) {
            ch.eventLoop().execute(() -> abort(ch));
            return;
        }
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException notASocket) {
            // Embedded or local channels have no linger; closing is all an abort can be there.
        }
        ch.unsafe().close(ch.unsafe().voidPromise());
    }
}
