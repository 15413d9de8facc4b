package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CliRun;
import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.SpkiPin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of tampering with a closed audit log is caught and located: a byte edited, a line deleted,
 * two lines swapped, a line inserted, the tail truncated (whole lines or mid-line), and a rewritten chain
 * under a forged checkpoint; the untouched log verifies.
 */
class AuditLogTamperTest {
    @TempDir
    Path dir;
    Path log;
    PublicKey key;
    List<String> lines;

    @BeforeEach
    void writeALog() throws Exception {
        try (AuditLog audit = AuditLog.open(dir, "tamper-test", AuditLogSettings.fromSystemProperties().withCheckpointEvery(5))) {
            for (int i = 1; i <= 20; i++) {
                audit.emit(Event.of(EventType.RELOAD_APPLIED, "", "", "reload number " + i,
                        Map.of("digest-before", "d" + (i - 1), "digest-after", "d" + i, "trigger", "test")));
            }
        }
        log = dir.resolve("audit").resolve(AuditLogFiles.CURRENT);
        key = io.securelink.crypto.PemFiles.readCertificates(dir.resolve("audit").resolve(AuditSigningKey.CERT_FILE)).get(0).getPublicKey();
        lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private AuditLogVerifier.Problem tamperedWith(List<String> changed) throws Exception {
        Path copy = dir.resolve("tampered.log");
        Files.writeString(copy, String.join("\n", changed) + "\n");
        AuditLogVerifier.Result r = AuditLogVerifier.verify(List.of(copy), key, false);
        assertTrue(r.problem().isPresent(), "tampering went unnoticed");
        return r.problem().get();
    }

    private int lineOfSeq(long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no seq " + seq);
    }

    @Test
    void theUntouchedLogVerifiesWithTheExportedCertificate() throws Exception {
        AuditLogVerifier.Result r = AuditLogVerifier.verify(List.of(log), key, false);
        assertTrue(r.intact(), r.toString());
        // audit-opened, 20 events, a checkpoint after every 5 records, and the final one.
        assertEquals(1 + 20 + 4 + 1, r.records());
        assertEquals(5, r.checkpoints());
        CliRun cli = CliRun.of("audit-log", "verify", log.toString(), "--cert",
                dir.resolve("audit").resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("OK: 26 records"), cli.out);
    }

    @Test
    void anEditedByteIsNamed() throws Exception {
        int i = lineOfSeq(8);
        List<String> changed = new ArrayList<>(lines);
        changed.set(i, lines.get(i).replace("reload number", "reload numbeR"));
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.EDITED, p.kind(), p.toString());
        assertEquals(i + 1, p.where().line(), p.toString());
        assertEquals(8, p.where().seq());
    }

    @Test
    void aByteEditedIntoBrokenJsonIsNamed() throws Exception {
        int i = lineOfSeq(3);
        List<String> changed = new ArrayList<>(lines);
        changed.set(i, lines.get(i).replaceFirst("\"type\"", "\"type'"));
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.EDITED, p.kind(), p.toString());
        assertEquals(i + 1, p.where().line(), p.toString());
    }

    @Test
    void anEditedPrevFieldIsBlamedOnItsOwnRecord() throws Exception {
        int i = lineOfSeq(10);
        List<String> changed = new ArrayList<>(lines);
        String prev = lines.get(i).replaceAll(".*\"prev\":\"([0-9a-f]{64})\".*", "$1");
        changed.set(i, lines.get(i).replace(prev, prev.substring(0, 63) + (prev.endsWith("0") ? "1" : "0")));
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.EDITED, p.kind(), p.toString());
        assertEquals(10, p.where().seq(), p.toString());
    }

    @Test
    void aDeletedLineIsNamed() throws Exception {
        int i = lineOfSeq(12);
        List<String> changed = new ArrayList<>(lines);
        changed.remove(i);
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.REMOVED, p.kind(), p.toString());
        assertTrue(p.message().contains("record seq 12 "), p.toString());
        assertTrue(p.message().endsWith(" and here was removed"), "one record: singular, " + p);
        assertEquals(i + 1, p.where().line(), "located where the record was");
    }

    @Test
    void twoSwappedLinesAreNamed() throws Exception {
        int i = lineOfSeq(14);
        List<String> changed = new ArrayList<>(lines);
        changed.set(i, lines.get(i + 1));
        changed.set(i + 1, lines.get(i));
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.REORDERED, p.kind(), p.toString());
        assertEquals(i + 1, p.where().line());
        assertEquals(15, p.where().seq());
    }

    @Test
    void anInsertedLineIsNamed() throws Exception {
        int i = lineOfSeq(6);
        List<String> changed = new ArrayList<>(lines);
        changed.add(i + 1, lines.get(i));
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.INSERTED, p.kind(), p.toString());
        assertEquals(i + 2, p.where().line());
    }

    @Test
    void aTruncatedTailIsCaughtAndATornLastRecordIsReportedAsTornNotTampered() throws Exception {
        AuditLogVerifier.Problem p = tamperedWith(new ArrayList<>(lines.subList(0, lines.size() - 3)));
        assertEquals(AuditLogVerifier.Kind.UNCLOSED, p.kind(), p.toString());
        assertEquals(lines.size() - 3, p.where().line());

        Path cut = dir.resolve("cut.log");
        String whole = String.join("\n", lines) + "\n";
        Files.writeString(cut, whole.substring(0, whole.length() - 40));
        AuditLogVerifier.Result r = AuditLogVerifier.verify(List.of(cut), key, false);
        assertEquals(AuditLogVerifier.Kind.TRUNCATED, r.problem().orElseThrow().kind(), r.toString());
        assertEquals(lines.size(), r.problem().get().where().line());

        CliRun cli = CliRun.of("audit-log", "verify", cut.toString(), "--cert",
                dir.resolve("audit").resolve(AuditSigningKey.CERT_FILE).toString());
        // A record cut mid-line at the very end is what a crash or a full disk leaves: its own verdict and exit code.
        assertEquals(3, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("TORN: truncated at cut.log:" + lines.size() + ": the last line is cut short; every record "
                + "before it verifies (a crash or a full disk cut the last write short)"), cli.out);
        assertTrue(!cli.out.contains("TAMPERED"), cli.out);
    }

    @Test
    void aLogEmptiedOfEveryRecordIsTamperedNotOk() throws Exception {
        Path empty = dir.resolve("empty.log");
        Files.writeString(empty, "");
        CliRun cli = CliRun.of("audit-log", "verify", empty.toString(), "--cert",
                dir.resolve("audit").resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("TAMPERED: removed at empty.log: the log holds no records, but an appliance writes "
                + "audit-opened when it opens its log"), cli.out);
        // Not a log at all: its first line is not a record.
        Path other = dir.resolve("notes.txt");
        Files.writeString(other, "hello\n");
        CliRun notALog = CliRun.of("audit-log", "verify", other.toString(), "--cert",
                dir.resolve("audit").resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(1, notALog.exitCode, notALog.toString());
        assertTrue(notALog.out.contains("or this is not an audit log"), notALog.out);
    }

    @Test
    void aFolderWhoseLogFilesWereAllDeletedIsTamperedNotUnreadable() throws Exception {
        Files.delete(log);
        CliRun cli = CliRun.of("audit-log", "verify", dir.resolve("audit").toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("holds the audit signing certificate but no log file"), cli.out);
    }

    @Test
    void aCertificateOfAnotherKeyIsSaidToBePerhapsTheWrongCertificate() throws Exception {
        io.securelink.appliance.support.TestPki pki = new io.securelink.appliance.support.TestPki(Files.createDirectories(dir.resolve("other")));
        CliRun cli = CliRun.of("audit-log", "verify", log.toString(), "--cert", pki.caFile().toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("if that is this appliance's audit signing key, --cert is not its certificate"), cli.out);
    }

    @Test
    void aRewrittenChainUnderAForgedCheckpointIsCaught() throws Exception {
        CertificateAuthority forger = CertificateAuthority.create("forger", KeyType.ED25519, Duration.ofDays(1));
        int edited = lineOfSeq(8);
        List<String> changed = new ArrayList<>();
        String prev = RecordLines.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            RecordLines.Parsed p = RecordLines.parse(lines.get(i)).orElseThrow();
            Map<String, String> fields = new LinkedHashMap<>(p.fields());
            if (i == edited) {
                fields.put("message", "nothing happened here");
            }
            String line;
            if (i < edited) {
                line = lines.get(i);
            } else if (p.checkpoint()) {
                fields.put("key", SpkiPin.of(forger.certificate()).toString());
                String unsigned = RecordLines.line(p.seq(), p.time(), p.type(), fields, prev);
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(forger.credentials().key());
                s.update(unsigned.getBytes(StandardCharsets.UTF_8));
                line = RecordLines.withSignature(unsigned, Base64.getEncoder().encodeToString(s.sign()));
            } else {
                line = RecordLines.line(p.seq(), p.time(), p.type(), fields, prev);
            }
            changed.add(line);
            prev = RecordLines.sha256(line);
        }
        AuditLogVerifier.Problem p = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.FORGED, p.kind(), p.toString());
        // Checkpoints are at seq 5, 11, 17...: the chain is consistent again, so the first checkpoint after
        // the edit (seq 11) is the one whose signature fails, and everything after seq 5 is suspect.
        assertEquals(11, p.where().seq(), p.toString());
        assertTrue(p.message().contains("records after checkpoint seq 5 cannot be trusted"), p.message());
    }

    @Test
    void aForgedCheckpointOverGenuineRecordsIsNamedAfterTheLastGoodOne() throws Exception {
        int cp = lineOfSeq(17);
        RecordLines.Parsed p = RecordLines.parse(lines.get(cp)).orElseThrow();
        assertEquals(RecordLines.CHECKPOINT, p.type());
        List<String> changed = new ArrayList<>(lines);
        String unsigned = RecordLines.signedPart(lines.get(cp)).orElseThrow();
        changed.set(cp, RecordLines.withSignature(unsigned, Base64.getEncoder().encodeToString(new byte[64])));
        AuditLogVerifier.Problem problem = tamperedWith(changed);
        assertEquals(AuditLogVerifier.Kind.FORGED, problem.kind(), problem.toString());
        assertEquals(17, problem.where().seq());
        assertTrue(problem.message().contains("after checkpoint seq 11"), problem.message());
    }
}
