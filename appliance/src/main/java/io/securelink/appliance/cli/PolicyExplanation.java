package io.securelink.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code policy explain} found, kept as it is worked out so that it prints either as the text lines a
 * person reads or as one JSON object for scripts ({@code --json}), never as two accounts that could differ.
 * The JSON object: {@code link}, {@code mode}, {@code listen}, {@code source}, {@code identity}, {@code pin},
 * {@code route} (null where not established), {@code steps} (each {@code step}, {@code decision}: allowed, denied or
 * info, and {@code detail}), and last {@code verdict} (allowed or denied) with its {@code reason}.
 */
final class PolicyExplanation {
    private final List<String> lines = new ArrayList<>();
    private final ObjectNode json = CliJson.object();
    private final ArrayNode steps;

    PolicyExplanation(String link, String mode, String listen, String source) {
        json.put("link", link);
        json.put("mode", mode);
        json.put("listen", listen);
        json.put("source", source);
        json.putNull("identity");
        json.putNull("pin");
        json.putNull("route");
        steps = json.putArray("steps");
    }

    /** A line of the text form only. */
    void say(String line) {
        lines.add(line);
    }

    /** One step of the decision: a text line and a JSON step. */
    void step(String name, String decision, String detail, String line) {
        ObjectNode s = steps.addObject();
        s.put("step", name);
        s.put("decision", decision);
        s.put("detail", detail);
        lines.add(line);
    }

    void identity(String identity) {
        json.put("identity", identity);
    }

    void pin(String pin) {
        json.put("pin", pin);
    }

    void route(String to, String rule) {
        ObjectNode r = json.putObject("route");
        r.put("to", to);
        r.put("rule", rule);
    }

    /** The final verdict; returns the exit code (0 allowed, 1 denied). */
    int verdict(boolean allowed, String reason) {
        json.put("verdict", allowed ? "allowed" : "denied");
        json.put("reason", reason);
        lines.add("decision: " + (allowed ? "allowed" : "denied") + " (" + reason + ")");
        return allowed ? 0 : 1;
    }

    void print(boolean asJson) {
        if (asJson) {
            CliJson.print(json);
        } else {
            lines.forEach(System.out::println);
        }
    }
}
