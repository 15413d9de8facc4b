package io.securelink.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The blocks of a PEM text when every block is of a plain type the caller can decode itself ({@code CERTIFICATE},
 * {@code PRIVATE KEY}, {@code EC PRIVATE KEY}), read without Bouncy Castle's PEM reader: that reader's
 * java.util.logging logger makes the JVM search every jar on the class path for a logging backend, a sizeable
 * share of a {@code securelink pin} or {@code check-config} run. Text outside the blocks is ignored, as openssl
 * and the JDK ignore it. Works on bytes, never a {@code String}, so a private key's text can be wiped.
 *
 * <p>Contract: empty when the text has no block, a block of a type not asked for, a block with headers (as an
 * encrypted legacy key has), a block without its END line or a body that is not clean base64; the caller then
 * hands the file to the full PEM parser, whose error messages say what is wrong. The caller owns the DER
 * arrays returned and wipes those that hold secrets; on an empty answer nothing decoded is left behind.
 */
final class PemBlocks {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";

    private static final byte[] BEGIN = "-----BEGIN ".getBytes(US_ASCII);
    private static final byte[] END = "-----END ".getBytes(US_ASCII);
    private static final byte[] DASHES = "-----".getBytes(US_ASCII);

    /** One block: its type (the words after BEGIN) and its decoded body. */
    record Block(String type, byte[] der) {
        void wipe() {
            Arrays.fill(der, (byte) 0);
        }
    }

    private PemBlocks() {
    }

    static Optional<List<Block>> of(byte[] pem, Set<String> types) {
        List<Block> blocks = new ArrayList<>();
        int at = indexOf(pem, BEGIN, 0);
        while (at >= 0) {
            int typeStart = at + BEGIN.length;
            int typeEnd = indexOf(pem, DASHES, typeStart);
            String type = typeEnd < 0 || typeEnd - typeStart > 40 ? null : new String(pem, typeStart, typeEnd - typeStart, US_ASCII);
            if (type == null || !types.contains(type)) {
                return none(blocks);
            }
            int bodyStart = typeEnd + DASHES.length;
            byte[] endLine = concat(END, type.getBytes(US_ASCII), DASHES);
            int end = indexOf(pem, endLine, bodyStart);
            if (end < 0 || indexOf(pem, BEGIN, bodyStart, end) >= 0 || indexOf(pem, new byte[] {':'}, bodyStart, end) >= 0) {
                return none(blocks);
            }
            byte[] der = decode(pem, bodyStart, end);
            if (der == null) {
                return none(blocks);
            }
            blocks.add(new Block(type, der));
            at = indexOf(pem, BEGIN, end + endLine.length);
        }
        return blocks.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(blocks));
    }

    /** The base64 body between {@code from} and {@code to}, whitespace removed; null when it is not clean base64 or empty. */
    private static byte[] decode(byte[] pem, int from, int to) {
        byte[] body = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = pem[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                body[n++] = b;
            }
        }
        byte[] compact = Arrays.copyOf(body, n);
        Arrays.fill(body, (byte) 0);
        try {
            byte[] der = Base64.getDecoder().decode(compact);
            return der.length == 0 ? null : der;
        } catch (IllegalArgumentException notBase64) {
            return null;
        } finally {
            Arrays.fill(compact, (byte) 0);
        }
    }

    private static Optional<List<Block>> none(List<Block> decoded) {
        decoded.forEach(Block::wipe);
        return Optional.empty();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        return indexOf(haystack, needle, from, haystack.length);
    }

    /** The first index of {@code needle} that starts at or after {@code from} and ends at or before {@code to}, or -1. */
    private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
