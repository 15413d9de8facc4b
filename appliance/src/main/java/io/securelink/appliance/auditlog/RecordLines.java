package io.securelink.appliance.auditlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
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
 *
 * <p>Written and read with Jackson's streaming generator and parser, not its {@code ObjectMapper}: the
 * text is the same, but the mapper's class initialisation (its date formats start the JDK's calendar and
 * locale data) cost every daemon start ~20-40 ms of CPU before its first request, when the audit log
 * resumes its chain. {@link #parse} accepts and rejects exactly what the mapper's tree did.
 */
public final class RecordLines {
    public static final String GENESIS = "0".repeat(64);
    public static final String CHECKPOINT = "checkpoint";
    static final String SIG_MARK = ",\"sig\":\"";
    private static final JsonFactory JSON = new JsonFactory();

    private RecordLines() {
    }

    /** The unsigned line of a record. */
    static String line(long seq, String time, String type, Map<String, String> fields, String prev) {
        StringWriter out = new StringWriter(128 + 48 * fields.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
            g.writeStringField("time", time);
            g.writeStringField("type", type);
            g.writeObjectFieldStart("fields");
            for (Map.Entry<String, String> f : fields.entrySet()) {
                g.writeStringField(f.getKey(), f.getValue());
            }
            g.writeEndObject();
            g.writeStringField("prev", prev);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
        return out.toString();
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

    /**
     * A parsed record, or empty when the line is not a well-formed record: a JSON object (anything after
     * it is ignored) whose last {@code seq} is an integer within a long, whose last {@code time},
     * {@code type} and {@code prev} are strings and whose last {@code fields} is an object; a field that
     * is not a string reads as its text (a number's digits, {@code true}, {@code null}; an object or array
     * as empty), a repeated field keeps its first place and its last value; {@code sig} counts only as a string.
     */
    static Optional<Parsed> parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Long seq = null;
            String time = null;
            String type = null;
            String prev = null;
            String sig = null;
            Map<String, String> fields = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue() : null;
                    case "time" -> time = textual(p, value);
                    case "type" -> type = textual(p, value);
                    case "prev" -> prev = textual(p, value);
                    case "sig" -> sig = textual(p, value);
                    case "fields" -> fields = value == JsonToken.START_OBJECT ? fields(p) : null;
                    default -> {
                        // another member: skipped below
                    }
                }
                if (p.currentToken().isStructStart()) {
                    p.skipChildren();
                }
            }
            if (seq == null || time == null || type == null || prev == null || fields == null) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(seq, time, type, fields, prev, sig));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String textual(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /** The members of the object the parser is at the start of, each as its text; leaves the parser at its end. */
    private static Map<String, String> fields(JsonParser p) throws IOException {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            fields.put(name, switch (value) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> Integer.toString(p.getIntValue());
                    case LONG -> Long.toString(p.getLongValue());
                    default -> p.getBigIntegerValue().toString();
                };
                case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                default -> {
                    p.skipChildren();
                    yield "";
                }
            });
        }
        return fields;
    }

    record Parsed(long seq, String time, String type, Map<String, String> fields, String prev, String sig) {
        boolean checkpoint() {
            return type.equals(CHECKPOINT);
        }
    }
}
