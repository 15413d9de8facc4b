package io.securelink.appliance.link;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
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

    /** IP_TOS and IPV6_TCLASS on a listening socket (Netty's epoll server channel has no option of its own for them). */
    private static final io.netty.channel.unix.IntegerUnixChannelOption LISTENER_TOS =
            new io.netty.channel.unix.IntegerUnixChannelOption("SECURELINK_LISTENER_IP_TOS", 0 /* IPPROTO_IP */, 1 /* IP_TOS */);
    private static final io.netty.channel.unix.IntegerUnixChannelOption LISTENER_TCLASS =
            new io.netty.channel.unix.IntegerUnixChannelOption("SECURELINK_LISTENER_IPV6_TCLASS", 41 /* IPPROTO_IPV6 */, 67 /* IPV6_TCLASS */);

    private final LinkState state;
    private final Transport transport;
    private final Resolver resolver;
    private final EventSink events;
    private final AcceptFailureWatch acceptFailures;
    private Channel serverChannel;
    private InetSocketAddress bound;

    public LinkListener(LinkState state, Transport transport, Resolver resolver, EventSink events) {
        this.state = state;
        this.transport = transport;
        this.resolver = resolver;
        this.events = events;
        this.acceptFailures = new AcceptFailureWatch(state, events);
    }

    /** Binds the listen address without accepting yet (blocking: call from a control thread, never an event loop). */
    public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
        return bind(address, false);
    }

    /**
     * As {@link #bind(InetSocketAddress)}; with {@code freebind} the socket gets IP_FREEBIND, so it binds an
     * address this host does not hold yet (an HA pair's virtual IP held by the other box) and serves the
     * moment keepalived moves the address here. Needs a native transport (io_uring or epoll).
     */
    public InetSocketAddress bind(InetSocketAddress address, boolean freebind) throws InterruptedException {
        if (freebind && !transport.isNative()) {
            throw new IllegalStateException("IP_FREEBIND needs the io_uring or epoll transport (this JVM uses " + transport.describe()
                    + "); use a native transport or set net.ipv4.ip_nonlocal_bind=1 / net.ipv6.ip_nonlocal_bind=1");
        }
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
                .handler(acceptFailures)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        if (freebind) {
            b.option(transport.kind() == Transport.Kind.IO_URING ? io.netty.channel.uring.IoUringChannelOption.IP_FREEBIND
                    : io.netty.channel.epoll.EpollChannelOption.IP_FREEBIND, true);
        }
        if (transport.isNative()) {
            // The SYN-ACK and the first ACKs leave before the accepted socket is set up: mark the listening
            // socket, whose traffic class accepted sockets inherit.
            state.snapshot().config().tcp().dscp().ifPresent(d -> {
                b.option(LISTENER_TOS, d.trafficClass());
                if (address.getAddress() instanceof java.net.Inet6Address) {
                    b.option(LISTENER_TCLASS, d.trafficClass());
                }
            });
        }
        serverChannel = b.bind(address).sync().channel();
        bound = (InetSocketAddress) serverChannel.localAddress();
        return bound;
    }

    /** Starts accepting connections on the bound socket. */
    public void open() {
        serverChannel.config().setAutoRead(true);
    }

    /** Listening and accepting; a pause after a failed accept ({@link AcceptFailureWatch}) still counts as accepting. */
    public boolean isAccepting() {
        return serverChannel != null && serverChannel.isActive()
                && (serverChannel.config().isAutoRead() || acceptFailures.pausedForFailure());
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
            new Connection(state, snap, null, remote, transport, resolver, events, null)
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
        var cfg = snap.config();
        ConnectionTrace trace = new ConnectionTrace(state.stats(), cfg.mode() == LinkMode.SERVER);
        ch.attr(ConnectionTrace.KEY).set(trace);
        Connection conn = new Connection(state, snap, ticket, remote, transport, resolver, events, trace);
        TcpTuning.apply(ch, cfg.tcp());
        if (cfg.mode() == LinkMode.SERVER) {
            SslHandler ssl = snap.tls().newHandler(ch.alloc(), remoteAddr.getAddress().getHostAddress(), remoteAddr.getPort());
            ssl.setHandshakeTimeoutMillis(cfg.timeouts().handshake().toMillis());
            if (cfg.tls().requirePostQuantum()) {
                // Only where a refusal must say what the peer offered: parsing the ClientHello costs a copy.
                ch.pipeline().addLast("offered-groups", new io.securelink.appliance.tls.ClientHelloGroups());
            }
            ch.pipeline().addLast("tls", ssl);
            // Read freely during the handshake; ServerSession pauses reading until the backend is connected.
            ch.config().setAutoRead(true);
        }
        if (!cfg.timeouts().idleOff()) {
            ch.pipeline().addLast("idle", new IdleTimeoutHandler(cfg.timeouts().idle().toMillis()));
        }
        // Also reports a vanished peer (peer-lost): one watch per leg, no separate handler for it.
        ch.pipeline().addLast(LegEndWatch.NAME, new LegEndWatch(conn, ConnectionTrace.CLIENT, cfg.mode() == LinkMode.SERVER ? "tls" : "plaintext"));
        ch.pipeline().addLast("session", cfg.mode() == LinkMode.SERVER ? new ServerSession(conn) : new ClientSession(conn));
    }

    /** Resets a connection whose handshake slot a newcomer from a less busy source has taken. */
    private void evict(SocketChannel ch, LinkSnapshot snap, String remote) {
        ch.eventLoop().execute(() -> {
            if (!ch.isOpen()) {
                return;
            }
            new Connection(state, snap, null, remote, transport, resolver, events, null)
                    .warn(EventType.LIMIT_HIT, "handshake evicted: the link's handshake slots were full and this source held the most",
                            Map.of("verdict", Verdict.HANDSHAKE_EVICTED.wireName(), "rule", "max-handshakes-in-flight"));
            ConnectionTrace.end(ConnectionTrace.of(ch), ConnectionTrace.EVICTED);
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
        state.connections().forEach(ch -> ConnectionTrace.end(ConnectionTrace.of(ch), ConnectionTrace.SHUTDOWN));
        state.connections().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return cut;
    }

    public LinkState state() {
        return state;
    }
}
