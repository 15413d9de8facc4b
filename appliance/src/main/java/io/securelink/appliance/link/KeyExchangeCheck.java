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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a verified handshake: reads the negotiated key-exchange group, counts it per link, writes the
 * connection's log line (logger {@code securelink.connections}) and, on a link with
 * {@code require-post-quantum}, refuses a session that is not post-quantum (fail closed: nothing is
 * relayed). Providers that let securelink restrict the groups already fail such handshakes; this is the
 * check that holds whatever the provider did.
 */
final class KeyExchangeCheck {
    private static final Logger LOG = LoggerFactory.getLogger("securelink.connections");

    private KeyExchangeCheck() {
    }

    /**
     * @param channel the TLS channel (its close ends the live post-quantum count)
     * @param peer    who is on the other end, for the log line (subject or upstream endpoint)
     * @return whether the connection may go on; when false it has been counted and logged, the caller closes
     */
    static boolean admit(Connection conn, Channel channel, SSLEngine engine, String peer) {
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
        if (LOG.isInfoEnabled()) {
            LOG.info("connection link={} remote={} peer={} tls={} {} group={}{}", conn.link(), conn.remote(), peer,
                    session.getProtocol(), session.getCipherSuite(), group.name(),
                    group.postQuantum() ? " (post-quantum)" : " (NOT post-quantum)");
        }
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
