package io.securelink.appliance.auditlog;

import io.securelink.crypto.SpkiPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log (one file or several rotated files in chain order): every line a record, sequence
 * numbers consecutive, each {@code prev} the hash of the line before, every checkpoint signed by the
 * given key, and the log closed by a final checkpoint. Names the first record that was edited, removed,
 * reordered or inserted.
 *
 * <p>How blame is assigned: a record is vouched for by the next record's {@code prev} (or by its own
 * signature when it is a checkpoint). When a link breaks, a vouched record means its predecessor was
 * edited; an unvouched one was itself edited. A gap in sequence numbers is a removal, a number that
 * shows up later is a reordering, a repeated or backwards number is an insertion. A chain that is
 * consistent but ends in a checkpoint whose signature fails was rewritten (and re-hashed) after the
 * last checkpoint that verifies.
 */
public final class AuditLogVerifier {
    private AuditLogVerifier() {
    }

    /** Where a record is: file, 1-based line, and its sequence number when readable. */
    public record Location(Path file, int line, long seq) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + (seq >= 0 ? " (seq " + seq + ")" : "");
        }
    }

    public enum Kind { EDITED, REMOVED, REORDERED, INSERTED, TRUNCATED, FORGED, UNCLOSED }

    public record Problem(Kind kind, Location where, String message) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " at " + where + ": " + message;
        }
    }

    /**
     * The verdict: the first problem (if any), how many records and checkpoints were read, notes, and the
     * losses the log itself records up to the problem (full-disk gaps, runs that ended without their stop
     * checkpoint, unfinished records cut off at the next start), which are not tampering.
     */
    public record Result(Optional<Problem> problem, int records, int checkpoints, long lastSeq, List<String> notes,
                         List<String> losses) {
        public boolean intact() {
            return problem.isEmpty();
        }
    }

    private record Entry(Location where, String text, RecordLines.Parsed parsed, boolean partial) {
    }

    /** @param allowOpen accept a log that does not end with the final checkpoint (a running appliance's) */
    public static Result verify(List<Path> files, PublicKey key, boolean allowOpen) throws IOException {
        List<Entry> entries = read(files);
        SpkiPin keyPin = SpkiPin.of(key);
        List<String> notes = new ArrayList<>();
        int checkpoints = 0;
        long lastGoodCheckpoint = -1;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.parsed() == null) {
                boolean last = i == entries.size() - 1;
                return done(new Problem(last && e.partial() ? Kind.TRUNCATED : Kind.EDITED, e.where(),
                        last && e.partial() ? "the last line is cut short (the log was truncated)"
                                : "not a well-formed record (its bytes were edited)"), entries, checkpoints, notes);
            }
            RecordLines.Parsed p = e.parsed();
            if (i == 0) {
                if (p.seq() != 0) {
                    return done(new Problem(Kind.REMOVED, e.where(), "the log starts at seq " + p.seq()
                            + ": records 0.." + (p.seq() - 1) + " are missing (removed, or in rotated files not given)"), entries, checkpoints, notes);
                }
                if (!p.prev().equals(RecordLines.GENESIS)) {
                    return done(new Problem(Kind.EDITED, e.where(), "the first record must have prev " + RecordLines.GENESIS),
                            entries, checkpoints, notes);
                }
            } else {
                Optional<Problem> link = link(entries, i);
                if (link.isPresent()) {
                    return done(link.get(), entries, checkpoints, notes);
                }
            }
            if (p.checkpoint()) {
                String signer = p.fields().getOrDefault("key", "");
                boolean valid = signatureValid(e, key);
                if (!valid) {
                    String since = lastGoodCheckpoint < 0 ? "the start of the log" : "checkpoint seq " + lastGoodCheckpoint;
                    return done(new Problem(Kind.FORGED, e.where(), "checkpoint signature does not verify with the given key "
                            + keyPin + (signer.equals(keyPin.toString()) ? "" : " (it names key " + signer + ")")
                            + ": it was forged or edited, and the records after " + since + " cannot be trusted"),
                            entries, checkpoints, notes);
                }
                checkpoints++;
                lastGoodCheckpoint = p.seq();
            }
        }
        if (entries.isEmpty()) {
            return new Result(Optional.empty(), 0, 0, -1, List.of("the log is empty"), List.of());
        }
        Entry last = entries.get(entries.size() - 1);
        boolean closed = last.parsed().checkpoint() && "true".equals(last.parsed().fields().get("final"));
        if (!closed) {
            String what = "the log ends at seq " + last.parsed().seq() + " without the final checkpoint written at stop"
                    + (lastGoodCheckpoint >= 0 ? "; records after checkpoint seq " + lastGoodCheckpoint + " are not signed" : "")
                    + ": it was truncated, or the appliance is still running or did not stop cleanly";
            if (!allowOpen) {
                return done(new Problem(Kind.UNCLOSED, last.where(), what), entries, checkpoints, notes);
            }
            notes.add(what);
        }
        return done(null, entries, checkpoints, notes);
    }

    private static Optional<Problem> link(List<Entry> entries, int i) {
        Entry e = entries.get(i);
        Entry before = entries.get(i - 1);
        long expected = before.parsed().seq() + 1;
        long seq = e.parsed().seq();
        if (seq > expected) {
            for (int j = i + 1; j < entries.size(); j++) {
                RecordLines.Parsed later = entries.get(j).parsed();
                if (later != null && later.seq() == expected) {
                    return Optional.of(new Problem(Kind.REORDERED, e.where(), "record seq " + seq + " comes before seq " + expected
                            + " (at " + entries.get(j).where() + "): records were reordered"));
                }
            }
            return Optional.of(new Problem(Kind.REMOVED, e.where(), (seq - expected == 1 ? "record seq " + expected
                    : "records seq " + expected + ".." + (seq - 1)) + " between " + before.where() + " and here " + (seq - expected == 1 ? "was" : "were") + " removed"));
        }
        if (seq < expected) {
            boolean duplicate = e.text().equals(before.text());
            if (!duplicate && i >= 2 && entries.get(i - 2).parsed() != null
                    && e.parsed().prev().equals(RecordLines.sha256(entries.get(i - 2).text()))) {
                return Optional.of(new Problem(Kind.INSERTED, before.where(), "this record was inserted: the next record "
                        + e.where() + " repeats its seq and chains to the record before it"));
            }
            return Optional.of(new Problem(Kind.INSERTED, e.where(), "seq " + seq + " repeats or goes back after seq "
                    + before.parsed().seq() + ": this record was inserted"));
        }
        if (!e.parsed().prev().equals(RecordLines.sha256(before.text()))) {
            boolean vouched = i + 1 < entries.size() && entries.get(i + 1).parsed() != null
                    && entries.get(i + 1).parsed().prev().equals(RecordLines.sha256(e.text()));
            if (vouched) {
                return Optional.of(new Problem(Kind.EDITED, before.where(), "this record was edited: its hash no longer matches the prev of "
                        + e.where()));
            }
            return Optional.of(new Problem(Kind.EDITED, e.where(), "this record was edited: its prev is not the hash of "
                    + before.where() + " and the next record does not vouch for it"));
        }
        return Optional.empty();
    }

    private static boolean signatureValid(Entry e, PublicKey key) {
        Optional<String> signed = RecordLines.signedPart(e.text());
        Optional<String> sig = RecordLines.signature(e.text());
        return signed.isPresent() && sig.isPresent() && AuditSigningKey.verify(key, signed.get(), sig.get());
    }

    private static Result done(Problem p, List<Entry> entries, int checkpoints, List<String> notes) {
        List<RecordLines.Parsed> parsed = new ArrayList<>();
        for (Entry e : entries) {
            if (p != null && e.where().equals(p.where())) {
                break;
            }
            if (e.parsed() != null) {
                parsed.add(e.parsed());
            }
        }
        long lastSeq = -1;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).parsed() != null) {
                lastSeq = entries.get(i).parsed().seq();
                break;
            }
        }
        return new Result(Optional.ofNullable(p), entries.size(), checkpoints, lastSeq, List.copyOf(notes), RecordedLosses.in(parsed));
    }

    private static List<Entry> read(List<Path> files) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                continue;
            }
            boolean endsWithNewline = text.endsWith("\n");
            String[] lines = (endsWithNewline ? text.substring(0, text.length() - 1) : text).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                boolean partial = i == lines.length - 1 && !endsWithNewline;
                RecordLines.Parsed p = RecordLines.parse(lines[i]).orElse(null);
                out.add(new Entry(new Location(f, i + 1, p == null ? -1 : p.seq()), lines[i], p, partial));
            }
        }
        return out;
    }
}
