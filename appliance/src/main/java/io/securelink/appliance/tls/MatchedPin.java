package io.securelink.appliance.tls;

import io.securelink.crypto.SignaturePath;
import io.securelink.crypto.SpkiPin;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which configured pin admitted a peer, for the connection's log line (logger {@code securelink.connections}).
 * The verifier already knows it when it checks the pins, so it leaves it on the TLS session being handshaken
 * ({@link #note}); the connection reads it back after the handshake ({@link #of}). Nothing is computed while
 * that log line is off. A provider whose finished session does not keep the handshake session's values gets the
 * pin worked out again from the presented chain (a signature path, without the trust checks the handshake made).
 */
public final class MatchedPin {
    static final String SESSION_KEY = "securelink.matched-pin";
    private static final Logger CONNECTIONS = LoggerFactory.getLogger("securelink.connections");

    private MatchedPin() {
    }

    /** In the handshake: records on the engine's handshake session the pin the verifier matched, if any. */
    static void note(SSLEngine engine, Optional<SpkiPin> matched) {
        if (engine == null || matched.isEmpty() || !CONNECTIONS.isInfoEnabled()) {
            return;
        }
        SSLSession hs = engine.getHandshakeSession();
        if (hs != null) {
            hs.putValue(SESSION_KEY, matched.get().toString());
        }
    }

    /**
     * After the handshake: the pin that admitted the peer of {@code session} ({@code sha256/...}), {@code none} when
     * the link has no pins, or {@code unknown} when no configured pin matches the presented chain. The verifier's note
     * is taken off the session as it is read (an idle connection keeps its session for hours), so a second call works
     * the pin out again from the chain.
     */
    public static String of(SSLSession session, PeerVerifier verifier, List<X509Certificate> presented) {
        if (verifier.pins().isEmpty()) {
            return "none";
        }
        Object noted = session.getValue(SESSION_KEY);
        if (noted instanceof String s) {
            // Read once, for the accept line: the session lives as long as the connection, the note need not.
            session.removeValue(SESSION_KEY);
            return s;
        }
        return SignaturePath.build(presented, List.of(verifier.getAcceptedIssuers()))
                .flatMap(path -> verifier.pins().firstMatch(path)).map(SpkiPin::toString).orElse("unknown");
    }
}
