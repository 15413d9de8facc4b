package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotated audit files are never deleted by the appliance, so on a box left alone for years they fill the
 * disk. The appliance must say so before the disk is full, at start and at every rotation, naming what to
 * archive (a 1 MiB tmpfs this test mounts; skipped with a message where mounting is refused). Before, the
 * first word was the audit-degraded alert once nothing could be written any more.
 */
class AuditFolderSpaceTest {
    SmallTmpfs tmpfs;
    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount("s8-ops-space", "1m", "the audit-space test");
        mount = tmpfs.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aDiskRunningOutOfRoomIsSaidAtStartAndAtEveryRotationWithWhatToArchive() throws Exception {
        Files.write(mount.resolve("filler"), new byte[960 * 1024]);
        CollectingEventSink alerts = new CollectingEventSink();
        AuditLogSettings settings = AuditLogSettings.fromSystemProperties().withMaxFileBytes(8192);
        try (AuditLog log = AuditLog.open(mount.resolve("state"), "space", settings, alerts)) {
            Event atStart = alerts.await(e -> e.type() == EventType.AUDIT_SPACE_LOW, "audit-space-low at start");
            assertTrue(atStart.message().contains("0 rotated file(s)") && atStart.message().contains("copy the oldest audit-*.log"),
                    atStart.message());
            for (int i = 0; i < 60; i++) {
                log.emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command 'status' answered", Map.of("command", "status", "n", "x".repeat(200))));
            }
            Event atRotation = alerts.await(e -> e.type() == EventType.AUDIT_SPACE_LOW && !e.message().contains("0 rotated file(s)"),
                    "audit-space-low after a rotation");
            assertTrue(atRotation.message().contains(" KiB left of 1024 KiB"), atRotation.message());
        }
    }
}
