package io.securelink.appliance.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves bytes read on one channel to its peer unchanged, without copying (the buffer is passed on).
 * Backpressure: when the peer's outbound buffer passes its high-water mark this side stops reading,
 * and resumes when the peer drains (unless this side's input has ended meanwhile:
 * {@link HalfClose#resumeReading}), so a slow reader on one side bounds memory on the other. End of
 * input on this side shuts the peer's output; closing this side closes the peer after a flush; an error
 * (reset) on this side resets the peer ({@link HalfClose}). An output the transport shut by itself (a flush
 * that failed below the pipeline) is an abort too: the bytes behind it are lost, so both legs are reset
 * rather than either ending cleanly. A reset that follows the peer's FIN while nothing flows the other way is
 * noticed by {@link ResetAfterEndWatch} and is an abort too.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

    private final Channel peer;
    private final LongConsumer bytesRead;
    private boolean inputEnded;
    private boolean aborted;
    private ResetAfterEndWatch resetWatch;

    public RelayHandler(Channel peer, LongConsumer bytesRead) {
        this(peer, bytesRead, false);
    }

    /**
     * @param inputEndedBefore this channel's input already ended cleanly before the relay was installed
     *                         (a peer that sent its request and close_notify before the backend was up):
     *                         the peer's output is shut as soon as the relay is in place
     */
    public RelayHandler(Channel peer, LongConsumer bytesRead, boolean inputEndedBefore) {
        this.peer = peer;
        this.bytesRead = bytesRead;
        this.inputEnded = inputEndedBefore;
    }

    /** The channel this relay writes to (the connection's other leg). */
    Channel peer() {
        return peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (inputEnded) {
            HalfClose.shutdownOutput(peer);
            HalfClose.closeIfDone(ctx.channel());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf b) {
            bytesRead.accept(b.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        // A closed peer is never writable again: what this leg still sends is discarded (channelRead), not held back.
        if (!peer.isWritable() && ctx.channel().isActive() && peer.isActive()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peer.isActive() && !peer.config().isAutoRead()) {
            HalfClose.resumeReading(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            if (!inputEnded) {
                inputEnded = true;
                HalfClose.shutdownOutput(peer);
                HalfClose.closeIfDone(ctx.channel());
                if (evt instanceof ChannelInputShutdownEvent) {
                    resetWatch = ResetAfterEndWatch.start(ctx.channel(), () -> exceptionCaught(ctx,
                            new IOException("connection reset by peer after it had ended its side")));
                }
            }
            return;
        }
        if (evt instanceof ChannelOutputShutdownEvent && !HalfClose.outputEndedByRelay(ctx.channel()) && ctx.channel().isOpen()) {
            exceptionCaught(ctx, new IOException("the transport shut the output of " + ctx.channel() + " after a failed write"));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (resetWatch != null) {
            resetWatch.cancel();
        }
        if (!aborted) {
            // This leg can take nothing more, so what the peer still sends has nowhere to go: read and discard it.
            // A peer that was paused because this leg stopped reading (both legs full, then this one closed, e.g. a
            // client that never read and then reset) is otherwise blocked writing to us while we wait for it to read
            // what we flush to it: neither moves until TCP's user timeout, or never with it off.
            HalfClose.resumeReading(peer);
            HalfClose.closeOnFlush(peer);
        }
    }

    /**
     * A reset or read error on this leg is an abort: the other leg is reset too (no close_notify). An error
     * reported on a leg that has already closed (a late epoll_ctl on a deregistered channel) is no abort:
     * that leg's close was already carried across by {@link #channelInactive}.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isActive()) {
            log.debug("relay leg {} already closed; late error ignored: {}", ctx.channel(), cause.toString());
            return;
        }
        log.debug("relay leg {} aborted: {}", ctx.channel(), cause.toString());
        aborted = true;
        HalfClose.abort(peer);
        HalfClose.abort(ctx.channel());
    }
}
