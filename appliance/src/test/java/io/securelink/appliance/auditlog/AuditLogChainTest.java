package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.TestTimeouts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain survives what a real appliance does: size rotation (each file ends signed, the next one
 * chains to it), restarts (the new run continues the sequence and hash chain), floods of denials
 * (summarised, not one line each) and of pin failures (the excess counted).
 */
class AuditLogChainTest {
    @TempDir
    Path dir;

    private Path audit() {
        return dir.resolve("audit");
    }

    private PublicKey key() throws Exception {
        return io.securelink.crypto.PemFiles.readCertificates(audit().resolve(AuditSigningKey.CERT_FILE)).get(0).getPublicKey();
    }

    private static List<RecordLines.Parsed> records(List<Path> files) throws Exception {
        List<RecordLines.Parsed> out = new ArrayList<>();
        for (Path f : files) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                out.add(RecordLines.parse(l).orElseThrow());
            }
        }
        return out;
    }

    @Test
    void theSigningKeyIsPrivateAndItsCertificateIsExportedBesideTheLog() throws Exception {
        AuditLog.open(dir, "keys", AuditLogSettings.fromSystemProperties()).close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit().resolve(AuditSigningKey.KEY_FILE))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit())));
        assertTrue(Files.readString(audit().resolve(AuditSigningKey.CERT_FILE)).contains("BEGIN CERTIFICATE"));
    }

    @Test
    void aLogStillBeingWrittenVerifiesAsOpenUpToItsLastRecordWithoutTheOpenOption() throws Exception {
        String cert;
        try (AuditLog log = AuditLog.open(dir, "live", AuditLogSettings.fromSystemProperties())) {
            cert = audit().resolve(AuditSigningKey.CERT_FILE).toString();
            Path lock = audit().resolve(LiveLogLock.FILE);
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lock));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
            long last = records(List.of(audit().resolve(AuditLogFiles.CURRENT))).size() - 1;
            CliRun live = CliRun.of("audit-log", "verify", audit().toString(), "--cert", cert);
            assertEquals(0, live.exitCode, live.toString());
            assertTrue(live.out.contains("OK: open, verified up to record " + last + " (the appliance, pid "
                    + ProcessHandle.current().pid() + ", is still writing this log"), live.out);
        }
        assertTrue(Files.notExists(audit().resolve(LiveLogLock.FILE)), "the lock goes with the writer");
        CliRun closed = CliRun.of("audit-log", "verify", audit().toString(), "--cert", cert);
        assertEquals(0, closed.exitCode, closed.toString());
        assertTrue(closed.out.startsWith("OK: "), closed.out);
        assertTrue(!closed.out.contains("open"), closed.out);
    }

    @Test
    void aLogWhoseWriterIsGoneWithoutTheFinalCheckpointIsStillReportedUnclosed() throws Exception {
        AuditLog.open(dir, "gone", AuditLogSettings.fromSystemProperties()).close();
        Path current = audit().resolve(AuditLogFiles.CURRENT);
        List<String> lines = Files.readAllLines(current, StandardCharsets.UTF_8);
        Files.write(current, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
        CliRun r = CliRun.of("audit-log", "verify", audit().toString(), "--cert", audit().resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("TAMPERED: unclosed"), r.out);
    }

    @Test
    void rotationBySizeKeepsOneChainAcrossFiles() throws Exception {
        AuditLogSettings small = AuditLogSettings.fromSystemProperties().withCheckpointEvery(10).withMaxFileBytes(4096);
        try (AuditLog log = AuditLog.open(dir, "rotation", small)) {
            for (int i = 0; i < 80; i++) {
                log.emit(Event.of(EventType.COMMAND_SERVED, "", "", "status query " + i + " " + "x".repeat(100), Map.of("command", "status")));
            }
        }
        List<Path> files = AuditLogFiles.inChainOrder(audit());
        assertTrue(files.size() >= 4, "expected several files, got " + files);
        for (int i = 0; i + 1 < files.size(); i++) {
            List<String> a = Files.readAllLines(files.get(i));
            List<String> b = Files.readAllLines(files.get(i + 1));
            RecordLines.Parsed lastOfA = RecordLines.parse(a.get(a.size() - 1)).orElseThrow();
            assertEquals("rotation", lastOfA.fields().get("reason"), "each rotated file ends with a signed checkpoint");
            assertEquals(RecordLines.sha256(a.get(a.size() - 1)), RecordLines.parse(b.get(0)).orElseThrow().prev(),
                    files.get(i + 1) + " chains to the last line of " + files.get(i));
            assertTrue(Files.size(files.get(i)) <= 4096 + 1024, files.get(i) + " is about the rotation size");
        }
        AuditLogVerifier.Result r = AuditLogVerifier.verify(files, key(), false);
        assertTrue(r.intact(), r.toString());
        assertEquals(80, records(files).stream().filter(p -> p.type().equals("command-served")).count());

        CliRun folder = CliRun.of("audit-log", "verify", audit().toString(), "--cert", audit().resolve(AuditSigningKey.CERT_FILE).toString());
        assertEquals(0, folder.exitCode, folder.toString());
        // The live file alone lacks the start of the chain, and says so.
        CliRun lastOnly = CliRun.of("audit-log", "verify", audit().resolve(AuditLogFiles.CURRENT).toString());
        assertEquals(1, lastOnly.exitCode, lastOnly.toString());
        assertTrue(lastOnly.out.contains("records 0.."), lastOnly.out);
    }

    @Test
    void aRestartContinuesTheChain() throws Exception {
        for (int run = 0; run < 3; run++) {
            try (AuditLog log = AuditLog.open(dir, "restart", AuditLogSettings.fromSystemProperties())) {
                log.emit(Event.of(EventType.STARTED, "", "", "run " + run));
                log.emit(Event.of(EventType.STOPPING, "", "", "run " + run));
            }
        }
        List<Path> files = AuditLogFiles.inChainOrder(audit());
        AuditLogVerifier.Result r = AuditLogVerifier.verify(files, key(), false);
        assertTrue(r.intact(), r.toString());
        List<RecordLines.Parsed> recs = records(files);
        List<RecordLines.Parsed> opened = recs.stream().filter(p -> p.type().equals("audit-opened")).toList();
        assertEquals(3, opened.size());
        assertEquals("0", opened.get(0).fields().get("resumed-at-seq"));
        assertEquals(Long.toString(opened.get(1).seq()), opened.get(1).fields().get("resumed-at-seq"));
        assertEquals(3, recs.stream().filter(p -> "true".equals(p.fields().get("final"))).count());
    }

    @Test
    void aRecordCutShortByACrashIsCutOffAndKeptOnTheRecordAndTheNextRunContinuesTheChain() throws Exception {
        try (AuditLog log = AuditLog.open(dir, "crash", AuditLogSettings.fromSystemProperties())) {
            log.emit(Event.of(EventType.STARTED, "", "", "first run"));
        }
        Path current = audit().resolve(AuditLogFiles.CURRENT);
        Files.writeString(current, "{\"seq\":4,\"time\":\"2026", java.nio.file.StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.open(dir, "crash", AuditLogSettings.fromSystemProperties())) {
            log.emit(Event.of(EventType.STARTED, "", "", "second run"));
        }
        List<String> lines = Files.readAllLines(current);
        assertTrue(lines.get(lines.size() - 1).contains("\"final\":\"true\""), "second run closed its log");
        AuditLogVerifier.Result r = AuditLogVerifier.verify(List.of(current), key(), false);
        assertTrue(r.intact(), "a crash is not tampering: " + r);
        assertTrue(lines.get(3).contains("\"type\":\"audit-opened\"") && lines.get(3).contains("\"torn-tail\":\"{\\\"seq\\\":4,\\\"time\\\":\\\"2026\""),
                "the cut-off bytes are kept in the next run's audit-opened record: " + lines.get(3));
        assertTrue(r.losses().stream().anyMatch(l -> l.contains("cut off its 21 unfinished byte(s)")), r.losses().toString());
    }

    @Test
    void aFloodOfDenialsBecomesASummaryAndEmitNeverWaitsForTheDisk() throws Exception {
        long worstNanos;
        try (AuditLog log = AuditLog.open(dir, "flood", AuditLogSettings.fromSystemProperties().withSummaryInterval(Duration.ofHours(1)))) {
            long worst = 0;
            for (int i = 0; i < 50_000; i++) {
                long t = System.nanoTime();
                log.emit(Event.of(EventType.CONNECTION_DENIED, "edge-in", "/10.9." + (i % 200) + ".1:" + (40000 + i % 1000),
                        "source not allowed", Map.of("reason", "source-denied")));
                worst = Math.max(worst, System.nanoTime() - t);
            }
            for (int i = 0; i < 100; i++) {
                log.emit(Event.of(EventType.PIN_FAILED, "edge-in", "/10.1.1.1:5000", "no certificate in the verified chain matches a pin"));
            }
            worstNanos = worst;
        }
        List<RecordLines.Parsed> recs = records(AuditLogFiles.inChainOrder(audit()));
        assertTrue(recs.size() < 60, recs.size() + " records for a flood");
        RecordLines.Parsed denied = recs.stream().filter(p -> p.type().equals("denials-summary")
                && p.fields().get("event").equals("connection-denied")).findFirst().orElseThrow();
        assertEquals("50000", denied.fields().get("count"));
        assertTrue(denied.fields().get("sources").endsWith("more"), denied.fields().toString());
        assertTrue(denied.fields().get("reasons").contains("source-denied x50000"), denied.fields().toString());
        long pinRecords = recs.stream().filter(p -> p.type().equals("pin-failed")).count();
        assertEquals(30, pinRecords, "the first 30 a minute are written one by one");
        RecordLines.Parsed pinSummary = recs.stream().filter(p -> p.type().equals("denials-summary")
                && p.fields().get("event").equals("pin-failed")).findFirst().orElseThrow();
        assertEquals("70", pinSummary.fields().get("count"));
        // Waiting for the disk would cost a write (and its fsync) per emit; the budget allows for this thread
        // being descheduled on a loaded box, which the worst of 50,000 emits otherwise measures.
        Duration budget = TestTimeouts.latency(Duration.ofMillis(200));
        assertTrue(worstNanos < budget.toNanos(), "slowest emit took " + worstNanos / 1_000_000 + " ms (budget " + budget.toMillis() + " ms)");
        assertTrue(AuditLogVerifier.verify(AuditLogFiles.inChainOrder(audit()), key(), false).intact());
    }

    @Test
    void whenTheWriterFallsBehindEventsAreDroppedAndCountedNeverWaitedFor() throws Exception {
        AuditLogSettings tinyQueue = new AuditLogSettings(1000, 64L << 20, Duration.ofHours(1), 30, 16);
        int emitted = 50_000;
        try (AuditLog log = AuditLog.open(dir, "overflow", tinyQueue)) {
            for (int i = 0; i < emitted; i++) {
                log.emit(Event.of(EventType.COMMAND_SERVED, "", "", "query " + i));
            }
        }
        List<RecordLines.Parsed> recs = records(AuditLogFiles.inChainOrder(audit()));
        long written = recs.stream().filter(p -> p.type().equals("command-served")).count();
        long dropped = recs.stream().filter(p -> p.type().equals("audit-dropped"))
                .mapToLong(p -> Long.parseLong(p.fields().get("count"))).sum();
        assertTrue(dropped > 0, "a 16-slot queue cannot keep up with a tight loop");
        assertEquals(emitted, written + dropped, "every event is either written or counted as dropped");
        assertTrue(AuditLogVerifier.verify(AuditLogFiles.inChainOrder(audit()), key(), false).intact());
    }
}
