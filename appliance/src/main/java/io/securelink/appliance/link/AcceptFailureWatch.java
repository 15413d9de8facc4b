package io.securelink.appliance.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket's own failures: an {@code accept} that fails (above all for want of file descriptors,
 * {@link DescriptorLimit}) is counted per reason in the link's {@link LinkStats}, exactly, and reported as an
 * {@code accept-failed} event naming the limit and what to do - the first of a run at once, then at most one
 * every {@link #REPORT_EVERY_NANOS} with the count since the last - and accepting pauses for {@link #PAUSE_MILLIS}
 * (the connection waits in the kernel's backlog; a failing accept retried at once would spin on the event loop).
 * Netty's own handling did the pause but logged a bare "exceptionCaught() reached the tail of the pipeline" warning
 * every second, named no limit, counted nothing, and showed the link as down in {@code status} and to the HA
 * health check while paused (a health that flaps every second). The pause is not a link down:
 * {@link #pausedForFailure} lets the listener say it is still accepting.
 *
 * <p>Lives on the listener's event loop only (one instance per listening socket), so it needs no locking.
 */
final class AcceptFailureWatch extends ChannelInboundHandlerAdapter {
    static final long PAUSE_MILLIS = 1000;
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LinkState state;
    private final EventSink events;
    private long lastReportNanos;
    private boolean reportedAny;
    private long failedSinceReport;
    private volatile boolean paused;

    AcceptFailureWatch(LinkState state, EventSink events) {
        this.state = state;
        this.events = events;
        DescriptorLimit.prepare();
    }

    /** Whether accepting is paused only because an accept just failed (it resumes by itself). */
    boolean pausedForFailure() {
        return paused;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Pause first: nothing below may stop it (out of descriptors, any library load or file open fails too).
        if (ctx.channel().config().isAutoRead()) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> resume(ctx), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
        var limit = DescriptorLimit.hitBy(cause);
        String reason = limit.map(DescriptorLimit::reason).orElse("other");
        state.stats().acceptFailed(reason);
        failedSinceReport++;
        long now = System.nanoTime();
        if (reportedAny && now - lastReportNanos < REPORT_EVERY_NANOS) {
            return;
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("reason", reason);
        f.put("failed-since-last-report", Long.toString(failedSinceReport));
        f.put("listen", String.valueOf(ctx.channel().localAddress()));
        events.emit(Event.of(EventType.ACCEPT_FAILED, state.name(), "",
                "cannot accept new connections: " + limit.map(DescriptorLimit::explain).orElse(String.valueOf(cause))
                        + "; accepting again in " + PAUSE_MILLIS + " ms, waiting connections stay in the backlog ("
                        + failedSinceReport + " failed accept(s) since the last report)", f));
        reportedAny = true;
        lastReportNanos = now;
        failedSinceReport = 0;
        // Handled: not passed on to Netty's acceptor (which would pause too) and the pipeline's tail (a bare warning).
    }

    private void resume(ChannelHandlerContext ctx) {
        paused = false;
        if (ctx.channel().isOpen()) {
            ctx.channel().config().setAutoRead(true);
        }
    }
}
