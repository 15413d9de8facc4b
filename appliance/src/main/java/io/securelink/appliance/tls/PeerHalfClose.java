package io.securelink.appliance.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslHandler;

/**
 * How the end of one direction is signalled to a TLS peer, and how securelink recognises a peer that is
 * itself a securelink on BoringSSL.
 *
 * <p>A clean end of one direction is normally close_notify then FIN, so the peer can tell a complete
 * stream from a truncated one. But netty-tcnative's engine answers a received close_notify by ending its
 * own sending side too, so between two securelink appliances on BoringSSL a close_notify sent on
 * half-close would cut the reply still flowing the other way (a request, end of input, then the answer).
 * Both ends therefore mark themselves with the ALPN protocol {@value #PROTOCOL} (offered by client links,
 * selected by server links when offered, never required, never refused; on the BoringSSL and JDK
 * providers, not on the Bouncy Castle fallback); when it was negotiated the half-close is a TCP FIN alone
 * and close_notify goes with the full close. Any other peer gets close_notify on half-close.
 */
public final class PeerHalfClose {
    /** The ALPN name that marks a securelink peer. */
    public static final String PROTOCOL = "x-securelink-halfclose";

    /** Offered/selected only where it was asked for; a peer without ALPN, or with other names, is unaffected. */
    static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, PROTOCOL);

    private PeerHalfClose() {
    }

    /** Whether the end of one direction toward this peer is a FIN alone (a securelink peer on BoringSSL). */
    public static boolean byFinOnly(SslHandler ssl) {
        return PROTOCOL.equals(ssl.applicationProtocol());
    }
}
