package io.securelink.appliance.link;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.securelink.appliance.tls.PeerRefusedException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;

/** Names the reason a TLS handshake failed, for counters and the one-line event. */
final class HandshakeFailures {
    private HandshakeFailures() {
    }

    static Optional<PeerRefusedException> refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PeerRefusedException p) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String reason(Throwable t) {
        Optional<PeerRefusedException> r = refusal(t);
        if (r.isPresent()) {
            return r.get().refusal().type().wireName();
        }
        if (t instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        if (t instanceof ClosedChannelException) {
            return "closed";
        }
        String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("certificate_required") || m.contains("peer sent no certificates") || m.contains("empty client certificate")
                || m.contains("peer_did_not_return_a_certificate")) {
            return "no-client-certificate";
        }
        if (m.contains("protocol") || m.contains("version")) {
            return "protocol";
        }
        if (m.contains("cipher") || m.contains("no_shared")) {
            return "no-shared-cipher";
        }
        if (m.contains("not an ssl/tls record") || m.contains("wrong_version_number") || m.contains("http_request")) {
            return "not-tls";
        }
        if (m.contains("certificate") || m.contains("alert")) {
            return "peer-alert";
        }
        return "other";
    }

    /** Whether the handshake failed because client and server had no key-exchange group in common. */
    static boolean noSharedGroup(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("no_shared_group") || m.contains("no shared group") || m.contains("no supported group")
                    || m.contains("key_share") || m.contains("no common named group")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the server answered the ClientHello with a handshake_failure alert (how a server with no
     * group, suite or version in common refuses, e.g. a classical-only server offered only ML-KEM hybrids).
     */
    static boolean peerRefusedOffer(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("sslv3_alert_handshake_failure") || m.contains("handshake_failure(40)") || m.contains("no_shared_group")) {
                return true;
            }
        }
        return false;
    }

    static String message(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        Throwable c = t.getCause();
        if (c != null && c != t) {
            sb.append(" (").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
        }
        return sb.toString();
    }
}
