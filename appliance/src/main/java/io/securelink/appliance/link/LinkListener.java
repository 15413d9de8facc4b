package io.securelink.appliance.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.policy.Admission;
import io.securelink.appliance.policy.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket of one link. On accept it runs the policy gate first (no TLS work is spent on a
 * refused source), then builds the pipeline for the link's mode from the snapshot current at that
 * moment. Stopping closes the socket; draining waits for live connections up to a deadline.
 */
public final class LinkListener {
    /** Per-channel outbound buffer bounds: reading on the other side pauses above 64 KiB queued. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final LinkState state;
    private final Transport transport;
    private final Resolver resolver;
    private final EventSink events;
    private Channel serverChannel;
    private InetSocketAddress bound;

    public LinkListener(LinkState state, Transport transport, Resolver resolver, EventSink events) {
        this.state = state;
        this.transport = transport;
        this.resolver = resolver;
        this.events = events;
    }

    /** Binds the listen address without accepting yet (blocking: call from a control thread, never an event loop). */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.acceptors(), transport.workers())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        serverChannel = b.bind(address).sync().channel();
        bound = (InetSocketAddress) serverChannel.localAddress();
        return bound;
    }

    /** Starts accepting connections on the bound socket. */
    public void open() {
        serverChannel.config().setAutoRead(true);
    }

    public boolean isAccepting() {
        return serverChannel != null && serverChannel.isActive() && serverChannel.config().isAutoRead();
    }

    public InetSocketAddress boundAddress() {
        return bound;
    }

    private void accept(SocketChannel ch) {
        LinkSnapshot snap = state.snapshot();
        InetSocketAddress remoteAddr = ch.remoteAddress();
        InetAddress source = remoteAddr.getAddress();
        String remote = AddressText.of(remoteAddr);
        Admission.Result r = state.admission().admit(source, snap.policy(), System.nanoTime(), () -> evict(ch, snap, remote));
        if (!r.decision().allowed()) {
            Verdict v = r.decision().verdict();
            new Connection(state, snap, null, remote, transport, resolver, events)
                    .warn(v.eventType(), "connection refused (" + v.wireName() + "): " + r.decision().rule(),
                            Map.of("verdict", v.wireName(), "rule", r.decision().rule()));
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
            return;
        }
        Admission.Ticket ticket = r.ticket();
        ch.closeFuture().addListener(f -> ticket.release());
        state.connections().add(ch);
        state.stats().connectionOpened();
        Connection conn = new Connection(state, snap, ticket, remote, transport, resolver, events);
        var cfg = snap.config();
        if (cfg.mode() == LinkMode.SERVER) {
            SslHandler ssl = snap.tls().context().newHandler(ch.alloc(), remoteAddr.getAddress().getHostAddress(), remoteAddr.getPort());
            ssl.setHandshakeTimeoutMillis(cfg.timeouts().handshake().toMillis());
            ch.pipeline().addLast("tls", ssl);
            // Read freely during the handshake; ServerSession pauses reading until the backend is connected.
            ch.config().setAutoRead(true);
        }
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, cfg.timeouts().idle().toMillis(), TimeUnit.MILLISECONDS) {
            @Override
            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                ctx.close();
            }
        });
        ch.pipeline().addLast("session", cfg.mode() == LinkMode.SERVER ? new ServerSession(conn) : new ClientSession(conn));
    }

    /** Resets a connection whose handshake slot a newcomer from a less busy source has taken. */
    private void evict(SocketChannel ch, LinkSnapshot snap, String remote) {
        ch.eventLoop().execute(() -> {
            if (!ch.isOpen()) {
                return;
            }
            new Connection(state, snap, null, remote, transport, resolver, events)
                    .warn(EventType.LIMIT_HIT, "handshake evicted: the link's handshake slots were full and this source held the most",
                            Map.of("verdict", Verdict.HANDSHAKE_EVICTED.wireName(), "rule", "max-handshakes-in-flight"));
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        });
    }

    /** Stops accepting; live connections carry on. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /**
     * Waits until this link's live connections have ended or {@code drain} has passed, then closes what
     * is left. Blocking: call from a control thread.
     * @return how many connections had to be cut at the deadline
     */
    public int drain(Duration drain) throws InterruptedException {
        state.connections().newCloseFuture().await(drain.toMillis(), TimeUnit.MILLISECONDS);
        int cut = state.connections().size();
        state.connections().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return cut;
    }

    public LinkState state() {
        return state;
    }
}
