package io.securelink.appliance.link;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
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
 *
 * <p>The FIN goes out only once the channel's outbound buffer is empty: Netty's shutdownOutput fails
 * every write still queued (or, with io_uring, still in flight), so shutting on the first flush marker
 * alone would silently drop anything queued behind it. A flush that fails on a live channel means bytes
 * were lost, so the channel is aborted (RST) rather than ended cleanly with a short stream. Netty itself
 * shuts a channel's output when a flush fails below the pipeline; such an end was not carried here
 * ({@link #outputEndedByRelay} is false) and is treated as an abort by the relay.
 */
final class HalfClose {
    private static final AttributeKey<Boolean> OUTPUT_ENDED_BY_RELAY = AttributeKey.valueOf(HalfClose.class, "outputEnded");

    private HalfClose() {
    }

    static void markOutputEndedByRelay(Channel ch) {
        ch.attr(OUTPUT_ENDED_BY_RELAY).set(Boolean.TRUE);
    }

    /** Whether {@code ch}'s output was shut here, as the clean end of the other leg's input. */
    static boolean outputEndedByRelay(Channel ch) {
        return ch.hasAttr(OUTPUT_ENDED_BY_RELAY);
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
            if (!f.isSuccess()) {
                abort(ch);
                return;
            }
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl != null && !PeerHalfClose.byFinOnly(ssl)) {
                ssl.closeOutbound().addListener(sent -> finishOnceDrained(ch));
            } else {
                finishOnceDrained(ch);
            }
        });
    }

    private static void finishOnceDrained(Channel ch) {
        // Checked in a task of its own: while a write's listener runs, the outbound buffer still counts that write.
        ch.eventLoop().execute(() -> {
            if (!(ch instanceof DuplexChannel d) || !ch.isActive()) {
                ch.close();
            } else if (!drained(ch)) {
                // Queued after the marker, or not yet confirmed by the kernel: flush at the transport (below any
                // TLS handler, whose outbound side may be closed by now) and wait for that too.
                ChannelHandlerContext first = ch.pipeline().firstContext();
                (first != null ? first.writeAndFlush(Unpooled.EMPTY_BUFFER) : ch.writeAndFlush(Unpooled.EMPTY_BUFFER))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                finishOnceDrained(ch);
                            } else {
                                abort(ch);
                            }
                        });
            } else {
                markOutputEndedByRelay(ch);
                d.shutdownOutput().addListener(done -> closeIfDone(ch));
            }
        });
    }

    /** Nothing queued, flushed or not, and nothing in flight: a shutdown now can fail no write. */
    static boolean drained(Channel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out == null || out.totalPendingWriteBytes() == 0;
    }

    /**
     * Resumes reading on {@code ch} (the relay's backpressure released), unless its input has already
     * ended. Reading a channel whose input is shut down cannot yield data, and on stock Netty 4.2.18 epoll
     * it can close the channel (kept as a second line behind {@link ParkingEpollIoHandler}): the socket is no
     * longer in the epoll set after the end of input, so re-arming EPOLLIN fails ({@code epoll_ctl(..) failed with error(-2)}) and Netty's {@code beginRead}
     * then closes the channel by itself - a plain close (FIN, no exception reaching the relay while the
     * channel is active), which the relay would carry on as a clean end and so cut whatever was still
     * flowing toward that channel into a short stream that looks complete.
     */
    static void resumeReading(Channel ch) {
        if (ch instanceof DuplexChannel d && d.isInputShutdown()) {
            return;
        }
        ch.config().setAutoRead(true);
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
