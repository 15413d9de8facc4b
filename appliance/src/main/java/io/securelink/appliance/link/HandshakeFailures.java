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
        if (m.contains("encrypted_length_too_long") || m.contains("record_too_large") || m.contains("excessive_message_size")
                || m.contains("data_length_too_long") || m.contains("decode_error") || m.contains("encoding_err")
                || m.contains("record_length_mismatch") || m.contains("bad_length") || m.contains("unsupported handshake message")) {
            return "malformed";
        }
        if (m.contains("protocol") || m.contains("version")) {
            return "protocol";
        }
        // BoringSSL says WRONG_CURVE both for no group in common and for a TLS 1.2 offer of static RSA key exchange only.
        if (m.contains("cipher") || m.contains("no_shared") || m.contains("wrong_curve") || noSharedGroup(t)) {
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

    /**
     * What happened and what to do, for a network engineer: never a bare exception name or a raw
     * BoringSSL/JDK string (which follows in brackets when it adds anything).
     */
    static String message(Throwable t) {
        String raw = raw(t);
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        String advice;
        if (lower.contains("unable to find valid certification path") || lower.contains("certificate_verify_failed")
                || lower.contains("pkix path")) {
            advice = "the peer's certificate chain does not lead to a CA in this link's tls.trust; add the peer's CA there,"
                    + " or have the peer send its intermediate certificates";
        } else {
            advice = switch (reason(t)) {
                case "closed" -> "the peer closed the connection during the handshake; it may not trust our certificate"
                        + " (see its log), or it is a port scanner or health check";
                case "timeout" -> "the peer did not finish the handshake within timeouts.handshake: a stalled client, or a"
                        + " plaintext client waiting for us to speak first";
                case "no-client-certificate" -> "the peer sent no client certificate but this link requires one"
                        + " (client-auth: required); configure the peer's certificate and key";
                case "not-tls" -> "the peer does not speak TLS on this port (plaintext, e.g. HTTP); point it at the"
                        + " right port or turn TLS on at the peer";
                case "protocol" -> "no TLS version in common: this link speaks TLS 1.3 (and 1.2 if listed in tls.versions);"
                        + " upgrade the peer";
                case "no-shared-cipher" -> "no cipher suite or key-exchange group in common: TLS 1.2 needs ECDHE (X25519 or"
                        + " P-256; static RSA key exchange is refused) with AES-GCM or ChaCha20-Poly1305 at the peer, TLS 1.3 one"
                        + " of the link's tls.groups";
                case "malformed" -> "the peer sent a malformed TLS record or message (longer than TLS allows, or badly"
                        + " encoded): a broken or hostile client";
                case "peer-alert" -> "the peer refused the handshake with a TLS alert; it most likely does not trust our"
                        + " certificate: check its trust store and pins";
                default -> "TLS handshake failed";
            };
        }
        return raw.isEmpty() ? advice : advice + " [" + raw + "]";
    }

    /** The underlying message, without exception class names; "" when there is none worth showing. */
    private static String raw(Throwable t) {
        String m = null;
        for (Throwable c = t; c != null && m == null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                m = c.getMessage();
            }
        }
        if (m == null) {
            return "";
        }
        // BoringSSL: "error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE" -> the last part.
        java.util.regex.Matcher ssl = java.util.regex.Pattern.compile("error:[0-9a-fA-F]+:[^:]*:[^:]*:([A-Z0-9_]+)").matcher(m);
        if (ssl.find()) {
            return ssl.group(1).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
        return m;
    }
}
