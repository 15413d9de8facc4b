package io.securelink.appliance.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.status.StatusJson;
import io.securelink.crypto.PinnedItem;
import java.util.List;

/** The {@code --json} forms of command output, so scripts never parse text: one JSON document on stdout. */
final class CliJson {
    private CliJson() {
    }

    static ObjectNode object() {
        return StatusJson.object();
    }

    static ArrayNode problems(List<ConfigProblem> problems) {
        ArrayNode a = StatusJson.mapper().createArrayNode();
        for (ConfigProblem p : problems) {
            ObjectNode o = a.addObject();
            o.put("file", String.valueOf(p.file()));
            o.put("line", p.line());
            o.put("column", p.column());
            o.put("field", p.field());
            o.put("message", p.message());
        }
        return a;
    }

    static ObjectNode pin(String file, PinnedItem item) {
        ObjectNode o = object();
        o.put("file", file);
        o.put("kind", item.kind());
        o.put("pin", item.pin().toString());
        if (item.subject() != null) {
            o.put("subject", item.subject());
        }
        if (item.issuer() != null) {
            o.put("issuer", item.issuer());
        }
        if (item.notAfter() != null) {
            o.put("not-after", item.notAfter().toString());
        }
        return o;
    }

    /** One pin of {@code securelink pin --json}: the file it came from and what it pins. */
    record FilePin(String file, PinnedItem item) {
    }

    /** {@code pin --json}: one array of {@link #pin} objects. */
    static void printPins(List<FilePin> pins) {
        ArrayNode array = StatusJson.mapper().createArrayNode();
        for (FilePin p : pins) {
            array.add(pin(p.file(), p.item()));
        }
        print(array);
    }

    static void print(Object node) {
        try {
            System.out.println(StatusJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
