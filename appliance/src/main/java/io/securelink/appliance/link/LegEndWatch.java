package io.securelink.appliance.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import java.io.IOException;

/**
 * Notes on a connection's {@link ConnectionTrace} how one leg ended: its input ended cleanly (FIN or TLS
 * close_notify: {@code LEG}), it was reset or failed ({@code LEG-reset}, {@code LEG-error}), its peer vanished
 * ({@code LEG-lost}), the transport shut its output after a failed write ({@code LEG-error}), or the idle
 * timeout fired ({@code idle-timeout}). A vanished peer is also reported as a {@code peer-lost} event
 * ({@link PeerLossWatch#report}) unless the leg has a {@link PeerLossWatch} handler of its own (a client link's
 * upstream). It only watches: every event goes on unchanged, and it has no read handler, so Netty skips it for
 * data (no cost per read).
 */
final class LegEndWatch extends ChannelInboundHandlerAdapter {
    static final String NAME = "leg-end";

    private final Connection conn;
    private final String leg;
    private final String lossLeg;

    /**
     * @param leg     the leg's name on the close line ({@link ConnectionTrace#CLIENT}, or the far leg's)
     * @param lossLeg the leg's name in a {@code peer-lost} event ({@code tls} or {@code plaintext}), or null when
     *                a {@link PeerLossWatch} handler on the same channel reports it
     */
    LegEndWatch(Connection conn, String leg, String lossLeg) {
        this.conn = conn;
        this.leg = leg;
        this.lossLeg = lossLeg;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        ConnectionTrace trace = conn.trace();
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            trace.endedBy(leg);
        } else if (evt instanceof ChannelOutputShutdownEvent && !HalfClose.outputEndedByRelay(ctx.channel())) {
            trace.endedBy(leg + "-error");
        } else if (evt == IdleTimeoutHandler.TIMED_OUT) {
            trace.endedBy(ConnectionTrace.IDLE_TIMEOUT);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (lossLeg != null) {
            PeerLossWatch.report(conn, lossLeg, java.util.Optional.empty(), ctx.channel(), cause);
        }
        if (ctx.channel().isActive()) {
            conn.trace().endedBy(leg + (PeerLossWatch.isPeerLost(cause) ? "-lost" : cause instanceof IOException ? "-reset" : "-error"));
        }
        super.exceptionCaught(ctx, cause);
    }
}
