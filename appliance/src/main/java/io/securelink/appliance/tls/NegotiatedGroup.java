package io.securelink.appliance.tls;

import io.netty.handler.ssl.OpenSslSession;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.crypto.BouncyCastleJsse;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * The key-exchange group a finished handshake negotiated, as securelink names it
 * ({@code X25519MLKEM768}, {@code X25519}, {@code P-256}...), and whether it protects the session
 * against a future quantum computer. BoringSSL (netty-tcnative 2.0.81+) and Bouncy Castle report it;
 * the JDK 17 provider does not ({@code unknown}, never post-quantum: it cannot negotiate one).
 *
 * @param name        the group, or {@code unknown}
 * @param postQuantum whether it is a post-quantum (hybrid) group
 */
public record NegotiatedGroup(String name, boolean postQuantum) {
    public static final NegotiatedGroup UNKNOWN = new NegotiatedGroup("unknown", false);

    /** The group of {@code engine}'s current session (call once the handshake has finished). */
    public static NegotiatedGroup of(SSLEngine engine) {
        String raw = null;
        SSLSession session = engine.getSession();
        if (session instanceof OpenSslSession s) {
            raw = s.getNamedGroup();
        } else if (BouncyCastleJsse.owns(engine)) {
            raw = BouncyCastleJsse.negotiatedGroup(engine).orElse(null);
        }
        return named(raw);
    }

    /** A group from the name a TLS stack reported (null or blank: unknown). */
    public static NegotiatedGroup named(String reported) {
        if (reported == null || reported.isBlank()) {
            return UNKNOWN;
        }
        return new NegotiatedGroup(KeyExchangeGroup.displayName(reported), KeyExchangeGroup.isPostQuantumName(reported));
    }

    @Override
    public String toString() {
        return name;
    }
}
