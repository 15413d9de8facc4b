package io.securelink.appliance.auditlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The text form of audit records, shared by the writer and the verifier: one compact JSON object per
 * line, keys in the order {@code seq, time, type, fields, prev}, and for checkpoints a trailing
 * {@code sig}. {@code prev} is the lower-case hex SHA-256 of the previous line's UTF-8 bytes (without
 * its newline); the first record of a log has 64 zeros. A checkpoint's signature covers the line as it
 * would read without {@code ,"sig":"..."}, i.e. exactly the bytes of the record before signing.
 */
public final class RecordLines {
    public static final String GENESIS = "0".repeat(64);
    public static final String CHECKPOINT = "checkpoint";
    static final String SIG_MARK = ",\"sig\":\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordLines() {
    }

    /** The unsigned line of a record. */
    static String line(long seq, String time, String type, Map<String, String> fields, String prev) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq);
        n.put("time", time);
        n.put("type", type);
        ObjectNode f = n.putObject("fields");
        fields.forEach(f::put);
        n.put("prev", prev);
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    static String withSignature(String unsigned, String base64Signature) {
        return unsigned.substring(0, unsigned.length() - 1) + SIG_MARK + base64Signature + "\"}";
    }

    /** The bytes a checkpoint's signature covers, or empty when the line carries no signature. */
    static Optional<String> signedPart(String line) {
        int at = line.lastIndexOf(SIG_MARK);
        if (at < 0 || !line.endsWith("\"}")) {
            return Optional.empty();
        }
        return Optional.of(line.substring(0, at) + "}");
    }

    static Optional<String> signature(String line) {
        int at = line.lastIndexOf(SIG_MARK);
        if (at < 0 || !line.endsWith("\"}")) {
            return Optional.empty();
        }
        return Optional.of(line.substring(at + SIG_MARK.length(), line.length() - 2));
    }

    public static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** A parsed record, or empty when the line is not a well-formed record. */
    static Optional<Parsed> parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject() || !n.path("seq").canConvertToLong() || !n.path("seq").isIntegralNumber()
                    || !n.path("type").isTextual() || !n.path("prev").isTextual() || !n.path("time").isTextual()
                    || !n.path("fields").isObject()) {
                return Optional.empty();
            }
            java.util.LinkedHashMap<String, String> fields = new java.util.LinkedHashMap<>();
            n.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new Parsed(n.path("seq").asLong(), n.path("time").asText(), n.path("type").asText(), fields,
                    n.path("prev").asText(), n.path("sig").isTextual() ? n.path("sig").asText() : null));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    record Parsed(long seq, String time, String type, Map<String, String> fields, String prev, String sig) {
        boolean checkpoint() {
            return type.equals(CHECKPOINT);
        }
    }
}
