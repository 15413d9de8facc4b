package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.SmallTmpfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refusals are counted, not written one by one, and a summary per link goes to the audit log each interval.
 * When the disk is full at that moment (a 256 KiB tmpfs this test mounts; skipped with a message where
 * mounting is refused), the counts must survive until the disk takes them again: before, the summaries were
 * taken from the counters and dropped, so the audit log undercounted every refusal of the outage.
 */
class AuditLogDenialCountsOnFullDiskTest {
    private static final int LINKS = 40;
    private static final int PER_LINK = 3;
    SmallTmpfs tmpfs;
    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount("s8-ops-denials", "256k", "the full-disk denial-count test");
        mount = tmpfs.path();
        System.setProperty("securelink.audit.retry-seconds", "1");
    }

    @AfterEach
    void unmount() throws Exception {
        System.clearProperty("securelink.audit.retry-seconds");
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void refusalsCountedWhileTheDiskIsFullAreAllInTheSummariesWrittenOnceItHasRoomAgain() throws Exception {
        CollectingEventSink alerts = new CollectingEventSink();
        Path state = mount.resolve("state");
        Path filler = mount.resolve("filler");
        AuditLogSettings settings = AuditLogSettings.fromSystemProperties().withSummaryInterval(Duration.ofMillis(300));
        try (AuditLog log = AuditLog.open(state, "full-disk", settings, alerts)) {
            SmallTmpfs.fill(filler);
            // More summaries than the last page of the log file has room for: the summary write fails part-way.
            for (int l = 0; l < LINKS; l++) {
                for (int i = 0; i < PER_LINK; i++) {
                    log.emit(Event.of(EventType.CONNECTION_DENIED, "link-" + l, "10.0." + l + "." + i + ":4000",
                            "source not in policy.sources", Map.of("reason", "source-not-allowed")));
                }
            }
            alerts.await(e -> e.type() == EventType.AUDIT_DEGRADED, "the summary write fails on the full disk");
            Files.delete(filler);
            alerts.await(e -> e.type() == EventType.AUDIT_RESUMED, "the audit log resumes");
            Path current = state.resolve("audit").resolve(AuditLogFiles.CURRENT);
            Await.until(() -> summarised(current) == LINKS * PER_LINK, "every refusal of the outage in a denials-summary record");
        }
        assertEquals(LINKS * PER_LINK, summarised(state.resolve("audit").resolve(AuditLogFiles.CURRENT)));
        CliRun verify = CliRun.of("audit-log", "verify", state.resolve("audit").toString());
        assertEquals(0, verify.exitCode, verify.toString());
        assertTrue(verify.out.contains("missing: seq ") && verify.out.contains("(audit-gap)"), "verify names the outage: " + verify);
    }

    /** The refusals counted in the denials-summary records of the log. */
    private static long summarised(Path log) {
        try {
            Matcher m = Pattern.compile("\"type\":\"denials-summary\",\"fields\":\\{\"event\":\"connection-denied\",\"link\":\"link-\\d+\",\"count\":\"(\\d+)\"")
                    .matcher(Files.readString(log, StandardCharsets.UTF_8));
            long n = 0;
            while (m.find()) {
                n += Long.parseLong(m.group(1));
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }
}
