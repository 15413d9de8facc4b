package io.securelink.appliance.auditlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a verified log itself says is missing, so that {@code audit-log verify} names every hole an
 * auditor must know about without calling it tampering: the records a full disk kept from being written
 * ({@code audit-gap}), a run that ended without its stop checkpoint (killed, crashed, power lost: the
 * next {@code audit-opened} follows something other than a final checkpoint), and the unfinished record
 * such a run left, which the next start cut off and kept ({@code torn-bytes} in {@code audit-opened}).
 * These records are part of the chain and signed by the next checkpoint, so they cannot be added or
 * removed unnoticed.
 */
final class RecordedLosses {
    private RecordedLosses() {
    }

    /** One line per loss, in log order; {@code records} are the parsed records in chain order. */
    static List<String> in(List<RecordLines.Parsed> records) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RecordLines.Parsed p = records.get(i);
            Map<String, String> f = p.fields();
            if (p.type().equals("audit-gap")) {
                out.add("seq " + p.seq() + " (audit-gap): " + f.getOrDefault("lost", "?") + " record(s) were not written between "
                        + f.getOrDefault("from", "?") + " and " + f.getOrDefault("to", "?") + " (" + f.getOrDefault("error", "?")
                        + "); lost by kind: " + f.getOrDefault("lost-by-kind", "?"));
            } else if (p.type().equals("audit-opened") && i > 0) {
                RecordLines.Parsed before = records.get(i - 1);
                boolean cleanStop = before.checkpoint() && "true".equals(before.fields().get("final"));
                if (!cleanStop) {
                    out.add("seq " + p.seq() + " (audit-opened): the run before it ended without its stop checkpoint after seq "
                            + before.seq() + " (killed, crashed or the power was lost); its records up to there are chained and verified");
                }
                if (f.containsKey("torn-bytes")) {
                    out.add("seq " + p.seq() + " (audit-opened): that run was cut off while writing a record after seq " + before.seq()
                            + "; this start cut off its " + f.get("torn-bytes") + " unfinished byte(s) and kept them in this record (torn-tail)");
                }
            }
        }
        return List.copyOf(out);
    }
}
