package io.securelink.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The DER bytes of each {@code CERTIFICATE} block of a PEM text, read without Bouncy Castle's PEM reader
 * (whose java.util.logging logger makes the JVM search every jar on the class path for a logging backend,
 * a sizeable share of a {@code securelink pin} run). Text outside the blocks is ignored, as openssl and
 * the JDK ignore it.
 *
 * <p>Contract: empty when the text has no block, a block of another type, a block with headers, a block
 * without its END line or a body that is not clean base64; the caller then hands the file to the full PEM
 * parser, whose error messages say what is wrong.
 */
final class PemCertificateBlocks {
    private static final String BEGIN = "-----BEGIN ";
    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String END_CERTIFICATE = "-----END CERTIFICATE-----";

    private PemCertificateBlocks() {
    }

    static Optional<List<byte[]>> of(byte[] pem) {
        String text = new String(pem, StandardCharsets.ISO_8859_1);
        List<byte[]> blocks = new ArrayList<>();
        int at = text.indexOf(BEGIN);
        while (at >= 0) {
            if (!text.startsWith(BEGIN_CERTIFICATE, at)) {
                return Optional.empty();
            }
            int bodyStart = at + BEGIN_CERTIFICATE.length();
            int end = text.indexOf(END_CERTIFICATE, bodyStart);
            if (end < 0) {
                return Optional.empty();
            }
            String body = text.substring(bodyStart, end);
            if (body.contains(BEGIN) || body.indexOf(':') >= 0) {
                return Optional.empty();
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(stripWhitespace(body));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            if (der.length == 0) {
                return Optional.empty();
            }
            blocks.add(der);
            at = text.indexOf(BEGIN, end + END_CERTIFICATE.length());
        }
        return blocks.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(blocks));
    }

    private static String stripWhitespace(String body) {
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
