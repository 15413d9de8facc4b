package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate chain a connection's TLS peer presented, reachable from the link's accepted channel for as
 * long as it is open, so a revocation learnt later can find the connections it concerns. In server mode the
 * accepted channel is the TLS channel: its own TLS session already holds the chain, so nothing more is kept
 * (an idle connection would pay for a second reference to the chain and the peer's address on every channel).
 * In client mode the accepted channel is the local plaintext one, which records the chain and the TLS peer's
 * address of its upstream.
 */
final class PeerChain {
    static final AttributeKey<List<X509Certificate>> KEY = AttributeKey.valueOf("securelink.peer-chain");
    /** The TLS peer's address ({@code host:port}): in client mode the upstream, not the local plaintext client. */
    static final AttributeKey<String> TLS_PEER = AttributeKey.valueOf("securelink.tls-peer");

    private PeerChain() {
    }

    /**
     * Reads the verified peer chain of {@code session} and, when {@code accepted} is not the TLS channel itself
     * (client mode), records it and the TLS peer's address on {@code accepted}; returns the leaf.
     */
    static Optional<X509Certificate> record(Channel accepted, Channel tls, SSLSession session) {
        List<X509Certificate> chain = read(session);
        if (accepted != tls) {
            if (tls.remoteAddress() instanceof java.net.InetSocketAddress a) {
                accepted.attr(TLS_PEER).set(AddressText.of(a));
            }
            if (!chain.isEmpty()) {
                accepted.attr(KEY).set(chain);
            }
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }

    /** The X.509 certificates the peer of {@code session} presented, leaf first; empty when it presented none. */
    static List<X509Certificate> read(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return List.copyOf(chain);
    }

    /** The TLS peer of the connection, or {@code fallback} when unknown. */
    static String peerOf(Channel accepted, String fallback) {
        // hasAttr first: attr() alone would add an empty attribute to every channel it is asked about.
        String p = accepted.hasAttr(TLS_PEER) ? accepted.attr(TLS_PEER).get() : null;
        return p == null ? fallback : p;
    }

    /**
     * The verified chain of the connection {@code accepted} belongs to, leaf first; empty before its TLS handshake
     * succeeded, after it closed, or when the peer presented none.
     */
    static List<X509Certificate> of(Channel accepted) {
        List<X509Certificate> c = accepted.hasAttr(KEY) ? accepted.attr(KEY).get() : null;
        if (c != null) {
            return c;
        }
        SslHandler ssl = accepted.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return List.of();
        }
        return read(ssl.engine().getSession());
    }
}
