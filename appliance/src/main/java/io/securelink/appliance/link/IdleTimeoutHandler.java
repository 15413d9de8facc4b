package io.securelink.appliance.link;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection on which nothing has been read or written for the link's idle timeout.
 *
 * <p>Why not Netty's {@code IdleStateHandler}: to see a write it replaces every write's promise with a
 * new one and adds a listener ({@code promise.unvoid().addListener(..)}), an allocation and a
 * notification per record on the keep-alive path, where the relay deliberately writes with the void
 * promise. This handler only stamps the time when a write is handed to it or a read batch completes; one
 * timer per connection re-arms itself for the remaining time, so a busy connection costs a clock read
 * per batch and one timer event per idle period. A write still queued behind a slow reader counts as
 * activity from the moment it was written, which is what an idle timeout is meant to forgive.
 */
public final class IdleTimeoutHandler extends ChannelDuplexHandler {
    /** Fired down the pipeline just before the idle timeout closes the connection, so its close line can say why. */
    static final Object TIMED_OUT = new Object() {
        @Override
        public String toString() {
            return "idle-timeout";
        }
    };

    private final long idleNanos;
    private Ticker ticker = Ticker.systemTicker();
    private long lastActivity;
    private Future<?> timer;
    private boolean closed;

    public IdleTimeoutHandler(long idleMillis) {
        if (idleMillis <= 0) {
            throw new IllegalArgumentException("idle timeout must be positive: " + idleMillis + " ms");
        }
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ticker = ctx.executor().ticker();
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
        super.channelRegistered(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = ticker.nanoTime();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = ticker.nanoTime();
        ctx.write(msg, promise);
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer != null || closed) {
            return;
        }
        lastActivity = ticker.nanoTime();
        timer = ctx.executor().schedule(() -> check(ctx), idleNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (closed || !ctx.channel().isOpen()) {
            return;
        }
        long left = idleNanos - (ticker.nanoTime() - lastActivity);
        if (left <= 0) {
            closed = true;
            ctx.fireUserEventTriggered(TIMED_OUT);
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
