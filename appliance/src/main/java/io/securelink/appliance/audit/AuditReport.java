package io.securelink.appliance.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of an audit: what was audited, when, and the findings. Renders as a text report grouped
 * by severity or as JSON for pipelines; {@link #exitCode} is 1 when anything at or above the threshold
 * was found.
 */
public record AuditReport(String target, Instant at, List<Finding> findings) {
    public AuditReport {
        findings = ConfigAudit.sorted(findings);
    }

    public int exitCode(Severity failOn) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(failOn)) ? 1 : 0;
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    public String text() {
        StringBuilder sb = new StringBuilder("securelink audit of ").append(target).append(" at ").append(at).append('\n');
        sb.append(summary()).append('\n');
        for (Severity s : Severity.values()) {
            List<Finding> of = findings.stream().filter(f -> f.severity() == s).toList();
            if (of.isEmpty()) {
                continue;
            }
            sb.append('\n').append(s.name()).append(" (").append(of.size()).append(")\n");
            for (Finding f : of) {
                sb.append("  [").append(f.id()).append("] ").append(f.subject()).append('\n');
                sb.append("      seen: ").append(f.evidence()).append('\n');
                sb.append("      fix:  ").append(f.fix()).append('\n');
            }
        }
        return sb.toString();
    }

    public String summary() {
        return count(Severity.HIGH) + " high, " + count(Severity.MEDIUM) + " medium, " + count(Severity.LOW) + " low, "
                + count(Severity.INFO) + " info";
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("target", target);
        root.put("time", at.toString());
        ObjectNode counts = root.putObject("counts");
        for (Severity s : Severity.values()) {
            counts.put(s.label(), count(s));
        }
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode n = list.addObject();
            n.put("id", f.id());
            n.put("severity", f.severity().label());
            n.put("subject", f.subject());
            n.put("evidence", f.evidence());
            n.put("fix", f.fix());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }
}
