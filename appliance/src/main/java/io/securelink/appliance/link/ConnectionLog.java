package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.securelink.appliance.tls.MatchedPin;
import io.securelink.appliance.tls.NegotiatedGroup;
import io.securelink.crypto.PresentedIdentity;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two INFO lines of every connection that was let through (logger {@code securelink.connections};
 * {@code -Dsecurelink.log.connections=WARN} silences both): when it is established, who it is (link, remote
 * address, peer identity, the pin that matched, the route, TLS version, suite and key-exchange group), and
 * when it ends, how (who closed it, duration, bytes each way from {@link ConnectionTrace}, the count the link
 * counters share). Nothing is formatted and no listener is added while the logger is off. Keys never appear:
 * only the peer's public identity and pin.
 */
final class ConnectionLog {
    private static final Logger LOG = LoggerFactory.getLogger("securelink.connections");

    private ConnectionLog() {
    }

    /**
     * Writes the accept line and arranges for the close line when {@code accepted} closes.
     * @param accepted the channel the link accepted (its close is the connection's end)
     * @param peer     the peer's identity as already read for the policy, or null to read it from the session
     * @param route    where the connection goes: a server link's backend and the rule that chose it, a client
     *                 link's upstream endpoint and its place in {@code connect}
     */
    static void established(Connection conn, Channel accepted, SSLSession session, NegotiatedGroup group, String peer,
                            java.util.function.Supplier<String> route) {
        ConnectionTrace trace = conn.trace();
        if (!LOG.isInfoEnabled() || trace == null) {
            return;
        }
        List<X509Certificate> chain = PeerChain.read(session);
        String who = chain.isEmpty() ? "without certificate" : peer != null ? peer : identity(chain.get(0));
        String pin = chain.isEmpty() ? "none" : MatchedPin.of(session, conn.snapshot().tls().verifier(), chain);
        LOG.info("connection link={} remote={} peer={} pin={} route={} tls={} {} group={}{}", conn.link(), conn.remote(), who, pin,
                route.get(), session.getProtocol(), session.getCipherSuite(), group.name(),
                group.postQuantum() ? " (post-quantum)" : " (NOT post-quantum)");
        trace.announced();
        accepted.closeFuture().addListener(f -> closed(conn, trace));
    }

    private static void closed(Connection conn, ConnectionTrace trace) {
        if (!trace.wasAnnounced() || !LOG.isInfoEnabled()) {
            return;
        }
        long millis = trace.nanosSinceAccept() / 1_000_000;
        long fraction = millis % 1_000;
        LOG.info("closed link={} remote={} by={} duration={}.{}{}s from-client={} to-client={}", conn.link(), conn.remote(),
                trace.closedBy(), millis / 1_000, fraction < 10 ? "00" : fraction < 100 ? "0" : "", fraction, trace.fromClient(), trace.toClient());
    }

    /** The peer as the line names it: subject CN and SANs, or the subject DN if unreadable. */
    private static String identity(X509Certificate leaf) {
        try {
            return PresentedIdentity.of(leaf).toString();
        } catch (IllegalArgumentException e) {
            return leaf.getSubjectX500Principal().getName();
        }
    }
}
