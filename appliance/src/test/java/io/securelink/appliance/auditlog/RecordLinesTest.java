package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Audit lines are written and read without Jackson's ObjectMapper (whose class initialisation cost every
 * daemon start), yet exactly as the ObjectMapper wrote and read them before: the same bytes for every
 * record (so chains written by earlier versions keep verifying, and hashes match), and the same verdict
 * and values for every line a tampered, truncated or hand-edited log may hold. The ObjectMapper code this
 * replaced is the oracle.
 */
class RecordLinesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyRecordIsWrittenByteForByteAsTheObjectMapperWroteIt() throws Exception {
        Map<String, String> awkward = new LinkedHashMap<>();
        awkward.put("link", "lab-in");
        awkward.put("quote\"and\\backslash", "tab\there, newline\nthere, cr\r, nul\u0000, bell\u0007, del\u007f");
        awkward.put("unicode", "é ü ß 日本 \u2028 \u2029 😀 \uD83D");
        awkward.put("html", "</script><!-- & ' >");
        awkward.put("empty", "");
        awkward.put("nothing", null);
        for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("reason", "policy"), awkward)) {
            for (long seq : new long[] {0, 1, 42, Long.MAX_VALUE, -1}) {
                String time = "2026-11-27T04:50:00.123456789Z";
                assertEquals(oracleLine(seq, time, "connection-denied", fields, RecordLines.GENESIS),
                        RecordLines.line(seq, time, "connection-denied", fields, RecordLines.GENESIS));
            }
        }
    }

    @Test
    void everyLineIsReadAsTheObjectMappersTreeReadIt() {
        String prev = RecordLines.GENESIS;
        List<String> lines = List.of(
                RecordLines.line(7, "t", "started", Map.of("a", "b"), prev),
                RecordLines.withSignature(RecordLines.line(8, "t", RecordLines.CHECKPOINT, Map.of(), prev), "c2lnbmF0dXJl"),
                "",
                "   ",
                "null",
                "[1,2]",
                "\"text\"",
                "{",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"} trailing garbage {",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}{\"seq\":2}",
                "{\"seq\":1.0,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1e3,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":\"1\",\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":-0,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":2147483648,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":9223372036854775808,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":null,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":{\"a\":[1,{\"b\":2}]},\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":5,\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":null,\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":[],\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":\"f\",\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":[\"p\"]}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\",\"sig\":5}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\",\"sig\":{\"x\":1}}",
                "{\"seq\":1,\"seq\":\"x\",\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":\"x\",\"seq\":3,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{\"a\":\"1\"},\"fields\":{\"b\":\"2\"},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{\"a\":\"1\"},\"fields\":3,\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{\"i\":-0,\"l\":12345678901,\"big\":123456789012345678901234567890,"
                        + "\"f\":1.5,\"e\":1e10,\"small\":1E-7,\"neg\":-2.50,\"t\":true,\"n\":null,\"o\":{\"x\":[1]},\"arr\":[{\"y\":2}],"
                        + "\"s\":\"\\u00e9\\n\"},\"prev\":\"p\"}",
                "{\"extra\":{\"deep\":[[[{}]]]},\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\",\"more\":[1,2]}",
                "{\"seq\":1,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\",}",
                "{'seq':1}",
                "{\"seq\":01,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":NaN,\"time\":\"t\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}",
                "{\"seq\":1,\"time\":\"t\\u0000\",\"type\":\"x\",\"fields\":{},\"prev\":\"p\"}");
        for (String line : lines) {
            assertEquals(oracleParse(line), RecordLines.parse(line), line);
        }
    }

    /** The ObjectMapper code RecordLines.line was before. */
    private static String oracleLine(long seq, String time, String type, Map<String, String> fields, String prev) throws JsonProcessingException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("seq", seq);
        n.put("time", time);
        n.put("type", type);
        ObjectNode f = n.putObject("fields");
        fields.forEach(f::put);
        n.put("prev", prev);
        return MAPPER.writeValueAsString(n);
    }

    /** The ObjectMapper code RecordLines.parse was before. */
    private static Optional<RecordLines.Parsed> oracleParse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject() || !n.path("seq").canConvertToLong() || !n.path("seq").isIntegralNumber()
                    || !n.path("type").isTextual() || !n.path("prev").isTextual() || !n.path("time").isTextual()
                    || !n.path("fields").isObject()) {
                return Optional.empty();
            }
            LinkedHashMap<String, String> fields = new LinkedHashMap<>();
            n.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new RecordLines.Parsed(n.path("seq").asLong(), n.path("time").asText(), n.path("type").asText(), fields,
                    n.path("prev").asText(), n.path("sig").isTextual() ? n.path("sig").asText() : null));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
