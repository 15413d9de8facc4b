package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.securelink.appliance.tls.PeerVerifier;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the OCSP answers about the peers of one link's live connections current: for each live
 * connection whose chain has an answer that ran out, asks again. An answer that now says revoked makes
 * the runtime close the connections concerned (see {@code RevocationSweep}). Blocking: run it on a
 * background thread, never an event loop.
 */
public final class OcspRefresh {
    private OcspRefresh() {
    }

    public static void refresh(LinkState state) {
        PeerVerifier verifier = state.snapshot().tls().verifier();
        if (!verifier.revocation().asksOcsp()) {
            return;
        }
        List<Channel> live = new ArrayList<>(state.connections());
        for (Channel ch : live) {
            List<X509Certificate> chain = PeerChain.of(ch);
            if (!chain.isEmpty() && ch.isOpen()) {
                String remote = PeerChain.peerOf(ch,
                        ch.remoteAddress() instanceof InetSocketAddress a ? AddressText.of(a) : String.valueOf(ch.remoteAddress()));
                verifier.refreshOcsp(chain, remote);
            }
        }
    }
}
