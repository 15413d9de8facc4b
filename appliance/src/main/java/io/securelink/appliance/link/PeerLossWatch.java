package io.securelink.appliance.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.event.EventType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the kernel's verdict that the far end of a leg has vanished (ETIMEDOUT from keep-alive or
 * TCP_USER_TIMEOUT, no FIN or RST ever seen) into one {@code peer-lost} event for the connection, and on a
 * client link's TLS leg marks that endpoint failed so the next connection goes to the next one. The exception
 * then travels on and the relays close both legs.
 *
 * <p>As a handler it is the first of a client link's upstream TLS leg, where it must see failures during the
 * handshake too (a vanished endpoint is tried last). Every other leg reports through {@link #report}, called by
 * its {@link LegEndWatch}: one handler per leg instead of two, which an idle connection pays for in memory.
 */
final class PeerLossWatch extends ChannelInboundHandlerAdapter {
    static final String NAME = "peer-loss";
    private static final int ETIMEDOUT = 110;
    /** Set on a leg once its loss is reported: a failed flush fails every queued write with the same cause. */
    private static final io.netty.util.AttributeKey<Boolean> REPORTED = io.netty.util.AttributeKey.valueOf(PeerLossWatch.class, "reported");

    private final Connection conn;
    private final String leg;
    private final Optional<HostPort> endpoint;

    PeerLossWatch(Connection conn, String leg, Optional<HostPort> endpoint) {
        this.conn = conn;
        this.leg = leg;
        this.endpoint = endpoint;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        report(conn, leg, endpoint, ctx.channel(), cause);
        ctx.fireExceptionCaught(cause);
    }

    /**
     * When {@code cause} says the peer of {@code ch} vanished: marks {@code endpoint} (if any) failed and emits
     * one {@code peer-lost} event naming the {@code leg} ({@code tls} or {@code plaintext}). Otherwise nothing. Only
     * the first such cause on a leg is reported: when the kernel gives up on a peer, every write still queued on the
     * leg fails with the same ETIMEDOUT and reaches the pipeline as one exception each.
     */
    static void report(Connection conn, String leg, Optional<HostPort> endpoint, io.netty.channel.Channel ch, Throwable cause) {
        if (isPeerLost(cause) && ch.attr(REPORTED).setIfAbsent(Boolean.TRUE) == null) {
            endpoint.ifPresent(e -> conn.snapshot().upstreams().failed(e, System.nanoTime()));
            var tcp = conn.snapshot().config().tcp();
            Map<String, String> f = new LinkedHashMap<>();
            f.put("leg", leg);
            f.put("peer", AddressText.of((java.net.InetSocketAddress) ch.remoteAddress()));
            f.put("keepalive", tcp.keepalive().map(Object::toString).orElse("off"));
            f.put("user-timeout-ms", Long.toString(tcp.effectiveUserTimeout().toMillis()));
            endpoint.ifPresent(e -> f.put("upstream", e.toString()));
            conn.warn(EventType.PEER_LOST, "peer on the " + leg + " leg (" + f.get("peer")
                    + ") stopped answering: " + cause.getMessage() + "; closing both legs"
                    + endpoint.map(e -> ", endpoint " + e + " tried last from now on").orElse(""), f);
        }
    }

    /** ETIMEDOUT on an established connection: keep-alive or the user timeout gave up on the peer. */
    static boolean isPeerLost(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof io.netty.channel.unix.Errors.NativeIoException n && n.expectedErr() == -ETIMEDOUT) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Connection timed out")) {
                return true;
            }
        }
        return false;
    }
}
