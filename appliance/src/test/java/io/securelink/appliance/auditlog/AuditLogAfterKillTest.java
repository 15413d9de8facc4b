package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.DaemonProcess;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon killed with SIGKILL (or a power cut) while it writes an audit record leaves an unfinished last
 * line. The next start must cut it off, continue the chain from the last whole record and put the cut bytes
 * on the record, so `audit-log verify` reports the kill and the torn record as losses, not as tampering
 * (before: the restarted daemon wrote on after the torn line and every later verify said TAMPERED).
 */
class AuditLogAfterKillTest {
    @TempDir
    Path dir;

    @Test
    void aRecordTornByAKilledDaemonIsCutOffAtTheNextStartAndVerifyReportsTheKillNotTampering() throws Exception {
        Path cfg = dir.resolve("securelink.yaml");
        Files.writeString(cfg, "appliance: { id: killed, site: lab, state-dir: state }\nlinks: {}\n");
        Path folder = dir.resolve("state").resolve("audit");
        Path log = folder.resolve(AuditLogFiles.CURRENT);

        DaemonProcess first = DaemonProcess.start(cfg, Map.of());
        try {
            first.awaitRunning();
            Await.until(() -> lines(log).size() >= 2 && lines(log).get(1).contains("\"type\":\"started\""),
                    "audit-opened and started written", DaemonProcess.START_MILLIS);
        } finally {
            first.process.destroyForcibly().waitFor(); // SIGKILL: no stop checkpoint
        }
        // What SIGKILL in the middle of a write leaves: the last record ("started", seq 1) cut short.
        String started = lines(log).get(1);
        int kept = started.length() / 2;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(log) - (started.length() + 1 - kept));
        }
        CliRun torn = CliRun.of("audit-log", "verify", folder.toString());
        assertEquals(3, torn.exitCode, "a torn last record alone is TORN: " + torn);

        try (DaemonProcess second = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
            assertTrue(second.logText().contains("the previous run was cut off while writing a record after seq 0"), second.logText());
        }
        CliRun verify = CliRun.of("audit-log", "verify", folder.toString());
        assertEquals(0, verify.exitCode, "the restarted log verifies: " + verify);
        assertTrue(verify.out.contains("missing: seq 1 (audit-opened): the run before it ended without its stop checkpoint after seq 0"),
                verify.toString());
        assertTrue(verify.out.contains("this start cut off its " + kept + " unfinished byte(s)"), verify.toString());
        String reopened = lines(log).get(1);
        assertTrue(reopened.contains("\"type\":\"audit-opened\"") && reopened.contains("\"torn-bytes\":\"" + kept + "\""), reopened);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
