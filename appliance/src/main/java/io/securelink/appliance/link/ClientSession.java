package io.securelink.appliance.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import java.util.List;
import java.util.Map;

/**
 * Client mode: while mutual TLS is originated to the {@code connect} endpoints in order, the local
 * plaintext connection is read once (what it sent is held, then reading pauses) so that its end - a FIN or
 * a reset before the upstream is ready - is seen and passed on once the relay is in place, instead of
 * being missed while nothing reads. A refused connect, a connect timeout or a failed handshake moves on
 * to the next endpoint; when none is left the local connection is reset at once.
 */
final class ClientSession extends ChannelInboundHandlerAdapter {
    private final Connection conn;
    private final java.util.Queue<Object> early = new java.util.ArrayDeque<>();
    private Channel upstream;
    private boolean inputEnded;
    /**
     * The local client went away (closed, reset or failed) before the relay: whatever then fails on the upstream
     * attempt is this session cancelling it, not the endpoint. Set before the upstream is closed, because a reset
     * reaches {@link #exceptionCaught} while the local channel still counts as active.
     */
    private boolean localGone;

    ClientSession(Connection conn) {
        this.conn = conn;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        List<HostPort> order = conn.snapshot().upstreams().attemptOrder(System.nanoTime());
        attempt(ctx.channel(), order, 0, null);
        ctx.channel().config().setAutoRead(true);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
        ctx.channel().config().setAutoRead(false); // at most one read's worth is held until the upstream is ready
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            inputEnded = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        while (!early.isEmpty()) {
            io.netty.util.ReferenceCountUtil.release(early.poll());
        }
    }

    private void attempt(Channel inbound, List<HostPort> order, int i, String lastError) {
        if (!inbound.isActive()) {
            return;
        }
        if (i >= order.size()) {
            conn.ticket().handshakeDone();
            conn.warn(EventType.UPSTREAM_FAILED, "no upstream reachable of " + order + "; last error: " + lastError,
                    Map.of("endpoints", order.toString()));
            // Not served: reset, so the local client cannot mistake it for an empty answer.
            HalfClose.abort(inbound);
            return;
        }
        HostPort target = order.get(i);
        conn.resolver().resolve(target).whenComplete((addr, err) -> inbound.eventLoop().execute(() -> {
            if (err != null) {
                failed(inbound, order, i, target, "cannot resolve: " + err.getMessage());
                return;
            }
            var cfg = conn.snapshot().config();
            Bootstrap b = new Bootstrap()
                    .group(inbound.eventLoop())
                    .channel(conn.transport().channel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) cfg.timeouts().connect().toMillis())
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, LinkListener.WATER_MARK)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            SslHandler ssl = conn.snapshot().tls().newHandler(ch.alloc(), target.host(), target.port());
                            ssl.setHandshakeTimeoutMillis(cfg.timeouts().handshake().toMillis());
                            TcpTuning.apply(ch, cfg.tcp());
                            ch.pipeline().addLast(PeerLossWatch.NAME, new PeerLossWatch(conn, "tls", java.util.Optional.of(target)));
                            ch.pipeline().addLast("tls", ssl);
                            ch.pipeline().addLast("handshake", new UpstreamHandshake(inbound, order, i, target));
                        }
                    });
            ChannelFuture f = b.connect(addr);
            upstream = f.channel();
            f.addListener(done -> {
                if (done.isSuccess() || localGone || !inbound.isActive()) {
                    // A failure after the local client went away is the cancelled attempt (channelInactive closed it),
                    // not the endpoint's: no failover, no penalty, no upstream-failed.
                    return;
                }
                var limit = DescriptorLimit.hitBy(done.cause());
                if (limit.isPresent()) {
                    // Our own shortage, not the endpoint's: the next endpoint would fail the same way, and none is marked failed.
                    inbound.eventLoop().execute(() -> outOfDescriptors(inbound, target, limit.get()));
                } else {
                    failed(inbound, order, i, target, "connect: " + done.cause().getMessage());
                }
            });
        }));
    }

    private void outOfDescriptors(Channel inbound, HostPort target, DescriptorLimit limit) {
        conn.ticket().handshakeDone();
        conn.warn(EventType.UPSTREAM_FAILED, "cannot open a socket to " + target + ": " + limit.explain()
                + " (no endpoint is marked failed for it)", Map.of("upstream", target.toString(), "reason", limit.reason()));
        HalfClose.abort(inbound);
    }

    private void failed(Channel inbound, List<HostPort> order, int i, HostPort target, String error) {
        conn.snapshot().upstreams().failed(target, System.nanoTime());
        if (i + 1 < order.size() && inbound.isActive()) {
            conn.events().emit(Event.of(EventType.UPSTREAM_FAILOVER, conn.link(), conn.remote(),
                    "upstream " + target + " failed (" + error + "); trying " + order.get(i + 1),
                    Map.of("from", target.toString(), "to", order.get(i + 1).toString(), "error", error)));
        }
        attempt(inbound, order, i + 1, target + ": " + error);
    }

    /** Waits for the upstream handshake, then joins the two channels with relays. */
    private final class UpstreamHandshake extends ChannelInboundHandlerAdapter {
        private final Channel inbound;
        private final List<HostPort> order;
        private final int index;
        private final HostPort target;

        UpstreamHandshake(Channel inbound, List<HostPort> order, int index, HostPort target) {
            this.inbound = inbound;
            this.order = order;
            this.index = index;
            this.target = target;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent hs)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            if (!hs.isSuccess() && (localGone || !inbound.isActive())) {
                // The local client went away first and its upstream handshake was cut here: not the endpoint's failure.
                ctx.close();
                return;
            }
            if (!hs.isSuccess()) {
                boolean pqRequired = conn.snapshot().config().tls().requirePostQuantum();
                String reason = pqRequired && HandshakeFailures.refusal(hs.cause()).isEmpty() && HandshakeFailures.peerRefusedOffer(hs.cause())
                        ? "not-post-quantum" : HandshakeFailures.reason(hs.cause());
                conn.state().stats().handshakeFailed(reason);
                if (reason.equals("not-post-quantum")) {
                    conn.warn(EventType.HANDSHAKE_FAILED, "refused: " + target + " accepted none of the post-quantum groups offered ("
                            + KeyExchangeCheck.offered(conn) + "), and the link requires one; the server is probably classical-only ("
                            + HandshakeFailures.message(hs.cause()) + ")", Map.of("reason", reason, "upstream", target.toString()));
                } else if (HandshakeFailures.refusal(hs.cause()).isEmpty()) {
                    conn.warn(EventType.HANDSHAKE_FAILED, "TLS handshake with " + target + " failed (" + reason + "): "
                            + HandshakeFailures.message(hs.cause()), Map.of("reason", reason, "upstream", target.toString()));
                }
                ctx.close();
                failed(inbound, order, index, target, "TLS handshake failed (" + reason + ")");
                return;
            }
            if (!inbound.isActive()) {
                ctx.close();
                return;
            }
            conn.ticket().handshakeDone();
            if (!KeyExchangeCheck.admit(conn, inbound, ctx.channel(), ctx.pipeline().get(SslHandler.class).engine(), null,
                    () -> target + " (connect[" + conn.snapshot().config().connect().indexOf(target) + "]" + (index > 0 ? ", after " + index + " failed" : "") + ")")) {
                ctx.close();
                failed(inbound, order, index, target, "not post-quantum");
                return;
            }
            conn.snapshot().upstreams().succeeded(target);
            conn.state().stats().upstream(target.toString());
            PeerChain.record(inbound, ctx.channel(), ctx.pipeline().get(SslHandler.class).engine().getSession())
                    .ifPresent(x -> conn.state().stats().peerCertificateSeen(x.getNotAfter().toInstant()));
            // The leg's PeerLossWatch handler (first in its pipeline) reports a vanished upstream: this watch does not.
            ctx.pipeline().addBefore(ctx.name(), LegEndWatch.NAME, new LegEndWatch(conn, conn.trace().farLeg(), null));
            ctx.pipeline().replace(this, "relay", new RelayHandler(inbound, conn.trace()::toClient));
            Channel up = ctx.channel();
            while (!early.isEmpty()) {
                Object m = early.poll();
                if (m instanceof io.netty.buffer.ByteBuf b) {
                    conn.trace().fromClient(b.readableBytes());
                }
                up.write(m, up.voidPromise());
            }
            up.flush();
            inbound.pipeline().replace(ClientSession.this, "relay", new RelayHandler(up, conn.trace()::fromClient, inputEnded));
            HalfClose.resumeReading(inbound);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        localGone = true;
        if (upstream != null) {
            upstream.close();
        }
        ctx.fireChannelInactive();
    }

    /** The local side reset (or failed) before the relay: the upstream, if any, is reset too. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        localGone = true;
        HalfClose.abort(upstream);
        HalfClose.abort(ctx.channel());
    }
}
