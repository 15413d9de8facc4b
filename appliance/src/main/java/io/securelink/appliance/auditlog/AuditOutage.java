package io.securelink.appliance.auditlog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An interval in which the audit log could not write (a full or failing disk): which records were lost,
 * by kind, between which times, and the error that started it. Becomes the signed {@code audit-gap}
 * record once writing works again. Written by the audit thread, read by anyone (synchronized).
 */
final class AuditOutage {
    private final Instant since;
    private final String error;
    private final Map<String, Long> lostByKind = new TreeMap<>();
    private long lost;
    private Instant lastLost;

    AuditOutage(Instant since, String error) {
        this.since = since;
        this.error = error;
        this.lastLost = since;
    }

    synchronized void lost(String kind, Instant at) {
        lostByKind.merge(kind, 1L, Long::sum);
        lost++;
        lastLost = at;
    }

    synchronized long lost() {
        return lost;
    }

    Instant since() {
        return since;
    }

    String error() {
        return error;
    }

    /** The fields of the {@code audit-gap} record written when the log resumes at {@code resumed}. */
    synchronized Map<String, String> gapRecord(Instant resumed) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("from", since.toString());
        f.put("to", resumed.toString());
        f.put("last-lost", lastLost.toString());
        f.put("lost", Long.toString(lost));
        StringBuilder kinds = new StringBuilder();
        lostByKind.forEach((k, n) -> kinds.append(kinds.length() == 0 ? "" : " ").append(k).append('=').append(n));
        f.put("lost-by-kind", kinds.toString());
        f.put("error", error);
        f.put("message", lost + " audit record(s) could not be written between " + since + " and " + resumed + " (" + error
                + "); refusals in that time are not lost: they are counted in the next denials-summary records");
        return f;
    }
}
