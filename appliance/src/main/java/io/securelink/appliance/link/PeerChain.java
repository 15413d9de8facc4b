package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The certificate chain a connection's TLS peer presented, kept on the link's accepted channel (the TLS
 * channel in server mode, the local plaintext channel in client mode) for as long as it is open, so a
 * revocation learnt later can find the connections it concerns.
 */
final class PeerChain {
    static final AttributeKey<List<X509Certificate>> KEY = AttributeKey.valueOf("securelink.peer-chain");
    /** The TLS peer's address ({@code host:port}): in client mode the upstream, not the local plaintext client. */
    static final AttributeKey<String> TLS_PEER = AttributeKey.valueOf("securelink.tls-peer");

    private PeerChain() {
    }

    /** Reads the verified peer chain of {@code session} and records it on {@code accepted}; returns the leaf. */
    static Optional<X509Certificate> record(Channel accepted, Channel tls, SSLSession session) {
        if (tls.remoteAddress() instanceof java.net.InetSocketAddress a) {
            accepted.attr(TLS_PEER).set(AddressText.of(a));
        }
        List<X509Certificate> chain = read(session);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        accepted.attr(KEY).set(chain);
        return Optional.of(chain.get(0));
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
        String p = accepted.attr(TLS_PEER).get();
        return p == null ? fallback : p;
    }

    static List<X509Certificate> of(Channel accepted) {
        List<X509Certificate> c = accepted.attr(KEY).get();
        return c == null ? List.of() : c;
    }
}
