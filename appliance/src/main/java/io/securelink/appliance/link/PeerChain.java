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

    private PeerChain() {
    }

    /** Reads the verified peer chain of {@code session} and records it on {@code accepted}; returns the leaf. */
    static Optional<X509Certificate> record(Channel accepted, SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        accepted.attr(KEY).set(List.copyOf(chain));
        return Optional.of(chain.get(0));
    }

    static List<X509Certificate> of(Channel accepted) {
        List<X509Certificate> c = accepted.attr(KEY).get();
        return c == null ? List.of() : c;
    }
}
