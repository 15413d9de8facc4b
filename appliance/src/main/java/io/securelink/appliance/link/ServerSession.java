package io.securelink.appliance.link;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.policy.LinkPolicy;
import io.securelink.appliance.policy.RouteTable;
import io.securelink.appliance.policy.Verdict;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * Server mode, after the TLS handshake: asks the link's {@link LinkPolicy} what to do with the verified
 * peer (refuse, or the route its identity picks), connects
 * the backend in plaintext, and then hands both channels to {@link RelayHandler}s. Bytes the peer sends
 * before the backend is connected are held (reading is paused, so at most one read's worth).
 */
final class ServerSession extends ChannelInboundHandlerAdapter {
    private final Connection conn;
    private final Queue<Object> early = new ArrayDeque<>();
    private Channel backend;
    private boolean inputEnded;

    ServerSession(Connection conn) {
        this.conn = conn;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            conn.ticket().handshakeDone();
            if (hs.isSuccess()) {
                onVerified(ctx);
            } else {
                onHandshakeFailed(ctx, hs.cause());
            }
            return;
        }
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !handshakeDone(ctx)) {
            // The peer ended its side before finishing the handshake: nothing can follow, free the slot now.
            ctx.close();
            return;
        }
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent || evt instanceof io.netty.handler.ssl.SslCloseCompletionEvent) {
            // The peer finished sending before the backend was up: the relay passes the end on once it is.
            inputEnded = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private static boolean handshakeDone(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return ssl != null && ssl.handshakeFuture().isDone();
    }

    private void onHandshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (ConnectionTrace.EVICTED.equals(conn.trace().closedBy())) {
            // Cut here to free its slot: counted as handshake-evicted, not as a peer that closed during its handshake.
            ctx.close();
            return;
        }
        String reason = conn.snapshot().config().tls().requirePostQuantum() && HandshakeFailures.noSharedGroup(cause)
                ? "not-post-quantum" : HandshakeFailures.reason(cause);
        conn.state().stats().handshakeFailed(reason);
        Optional<io.securelink.appliance.tls.PeerRefusedException> refusal = HandshakeFailures.refusal(cause);
        if (refusal.isPresent()) {
            conn.state().admission().count(Verdict.ofHandshakeRefusal(refusal.get().refusal().type()));
        } else if (reason.equals("not-post-quantum")) {
            KeyExchangeCheck.classicalOfferRefused(conn, ctx.channel());
        } else {
            conn.warn(EventType.HANDSHAKE_FAILED, "TLS handshake failed (" + reason + "): " + HandshakeFailures.message(cause),
                    Map.of("reason", reason));
        }
        ctx.close();
    }

    private void onVerified(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        X509Certificate leaf = PeerChain.record(ctx.channel(), ctx.channel(), ssl.engine().getSession()).orElse(null);
        if (leaf != null) {
            conn.state().stats().peerCertificateSeen(leaf.getNotAfter().toInstant());
        }
        LinkPolicy.PeerDecision d = conn.snapshot().policy().afterHandshake(leaf);
        if (!d.decision().allowed()) {
            conn.state().admission().count(d.decision().verdict());
            conn.warn(d.decision().verdict().eventType(), d.message(), d.fields());
            ctx.close();
            return;
        }
        RouteTable.Routed route = d.route();
        String peer = d.peer() == null ? null : d.peer().toString();
        if (!KeyExchangeCheck.admit(conn, ctx.channel(), ctx.channel(), ssl.engine(), peer, () -> route.forward() + " (" + route.rule() + ")")) {
            ctx.close();
            return;
        }
        connectBackend(ctx, route);
    }

    private void connectBackend(ChannelHandlerContext ctx, RouteTable.Routed route) {
        Channel inbound = ctx.channel();
        conn.resolver().resolve(route.forward()).whenComplete((addr, err) -> inbound.eventLoop().execute(() -> {
            if (err != null) {
                upstreamFailed(inbound, route, err);
                return;
            }
            if (!inbound.isActive()) {
                return;
            }
            Bootstrap b = new Bootstrap()
                    .group(inbound.eventLoop())
                    .channel(conn.transport().channel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) conn.snapshot().config().timeouts().connect().toMillis())
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, LinkListener.WATER_MARK)
                    .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            TcpTuning.apply(ch, conn.snapshot().config().tcp());
                            ch.pipeline().addLast(LegEndWatch.NAME, new LegEndWatch(conn, conn.trace().farLeg(), "plaintext"));
                            ch.pipeline().addLast("relay", new RelayHandler(inbound, conn.trace()::toClient));
                        }
                    });
            ChannelFuture f = b.connect(addr);
            backend = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    upstreamFailed(inbound, route, done.cause());
                    return;
                }
                if (!inbound.isActive()) {
                    backend.close();
                    return;
                }
                conn.state().stats().upstream(route.forward().toString());
                while (!early.isEmpty()) {
                    Object m = early.poll();
                    if (m instanceof io.netty.buffer.ByteBuf buf) {
                        // Read before the backend was connected (typically with the handshake's last flight): counted here.
                        conn.trace().fromClient(buf.readableBytes());
                    }
                    backend.write(m, backend.voidPromise());
                }
                backend.flush();
                inbound.pipeline().replace(this, "relay", new RelayHandler(backend, conn.trace()::fromClient, inputEnded));
                backend.config().setAutoRead(true);
                HalfClose.resumeReading(inbound);
            });
        }));
    }

    private void upstreamFailed(Channel inbound, RouteTable.Routed route, Throwable err) {
        var limit = DescriptorLimit.hitBy(err);
        conn.warn(EventType.UPSTREAM_FAILED, limit.isPresent()
                        ? "cannot open a socket to " + route.forward() + " (" + route.rule() + "): " + limit.get().explain()
                        : "cannot reach " + route.forward() + " (" + route.rule() + "): " + err.getMessage(),
                limit.isPresent() ? Map.of("upstream", route.forward().toString(), "reason", limit.get().reason())
                        : Map.of("upstream", route.forward().toString()));
        ConnectionTrace.end(conn.trace(), conn.trace().farLeg() + "-unreachable");
        // Not served: the TLS client must not read this as a complete (empty) answer.
        HalfClose.abort(inbound);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Reading stays paused until the backend is connected; the SslHandler reads what the handshake needs.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        if (backend != null) {
            backend.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    private void releaseEarly() {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }

    /** Before the handshake ends a failure closes normally (the TLS alert goes out); after it, an error is an abort. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (handshakeDone(ctx)) {
            HalfClose.abort(backend);
            HalfClose.abort(ctx.channel());
        } else {
            ctx.close();
        }
    }
}
