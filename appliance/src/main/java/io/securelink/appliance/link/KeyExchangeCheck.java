package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.tls.ClientHelloGroups;
import io.securelink.appliance.tls.NegotiatedGroup;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * After a verified handshake: reads the negotiated key-exchange group, counts it per link, writes the
 * connection's log line ({@link ConnectionLog}) and, on a link with
 * {@code require-post-quantum}, refuses a session that is not post-quantum (fail closed: nothing is
 * relayed). Providers that let securelink restrict the groups already fail such handshakes; this is the
 * check that holds whatever the provider did.
 */
final class KeyExchangeCheck {
    private KeyExchangeCheck() {
    }

    /**
     * @param accepted the channel the link accepted (its close ends the connection's log)
     * @param channel  the TLS channel (its close ends the live post-quantum count)
     * @param peer     the peer's identity as the policy routed it, for the log line (null: read from the session)
     * @param route    where the connection goes, for the log line (only asked when it is written)
     * @return whether the connection may go on; when false it has been counted and logged, the caller closes
     */
    static boolean admit(Connection conn, Channel accepted, Channel channel, SSLEngine engine, String peer,
                         java.util.function.Supplier<String> route) {
        NegotiatedGroup group = NegotiatedGroup.of(engine);
        SSLSession session = engine.getSession();
        var tls = conn.snapshot().config().tls();
        if (tls.requirePostQuantum() && !group.postQuantum()) {
            String reason = "not-post-quantum";
            conn.state().stats().handshakeFailed(reason);
            conn.warn(EventType.HANDSHAKE_FAILED, "refused: the peer negotiated " + group.name() + " (" + session.getProtocol()
                    + "), but the link requires a post-quantum group (offered: " + offered(conn) + ")",
                    Map.of("reason", reason, "group", group.name()));
            return false;
        }
        conn.state().stats().groupNegotiated(group.name());
        if (group.postQuantum()) {
            conn.state().stats().livePostQuantum(1);
            channel.closeFuture().addListener(f -> conn.state().stats().livePostQuantum(-1));
        }
        ConnectionLog.established(conn, accepted, session, group, peer, route);
        return true;
    }

    /**
     * A server link that requires post-quantum key exchange failed a handshake for want of a shared
     * group: says which groups the peer offered (read from its ClientHello by {@link ClientHelloGroups}).
     */
    static void classicalOfferRefused(Connection conn, Channel channel) {
        List<String> peer = channel.attr(ClientHelloGroups.OFFERED).get();
        conn.warn(EventType.HANDSHAKE_FAILED, "refused: the peer offered " + (peer == null ? "no group securelink could read" : "only " + peer)
                + ", but the link requires a post-quantum group (offered: " + offered(conn) + ")",
                Map.of("reason", "not-post-quantum", "peer-groups", String.valueOf(peer)));
    }

    /** The groups this connection's link offers, for messages. */
    static String offered(Connection conn) {
        return conn.snapshot().tls().offered().stream().map(KeyExchangeGroup::configName).collect(Collectors.joining(", "));
    }
}
