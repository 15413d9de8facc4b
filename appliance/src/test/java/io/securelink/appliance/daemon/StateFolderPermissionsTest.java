package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modes of the state folder changed between runs (a restored backup, a manual chmod, an earlier version's
 * 0755 journal folder), tried by starting `securelink run` as a user would. Before: the daemon started and
 * ran on with the audit signing key readable by every user and the folders open, and said nothing.
 */
class StateFolderPermissionsTest {
    @TempDir
    Path dir;
    Path cfg;
    Path state;

    @BeforeEach
    void firstRunMakesTheState() throws Exception {
        cfg = dir.resolve("securelink.yaml");
        Files.writeString(cfg, "appliance: { id: perms, site: lab, state-dir: state }\nlinks: {}\n");
        state = dir.resolve("state");
        try (DaemonProcess first = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
            assertTrue(Files.exists(state.resolve("audit").resolve("audit-signing.key")));
        }
    }

    @Test
    void anAuditSigningKeyOthersCanReadStopsTheStartWithTheFix() throws Exception {
        Path key = state.resolve("audit").resolve("audit-signing.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        try (DaemonProcess second = DaemonProcess.start(cfg, Map.of())) { // closed (SIGTERM) should it start after all
            int exit = second.awaitExit();
            assertNotEquals(0, exit, "refused: " + second.logText());
            assertTrue(second.logText().contains(key + " is the audit signing key and other users can read it (mode rw-r--r--)")
                    && second.logText().contains("run: chmod 600 " + key), second.logText());
        }
    }

    @Test
    void stateFilesAndFoldersOpenToEveryUserAreClosedAtStartAndEachChangeIsLogged() throws Exception {
        Path audit = state.resolve("audit");
        Path log = audit.resolve("audit.log");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(audit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        try (DaemonProcess second = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit)));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
            assertTrue(second.logText().contains("state folder: " + log + " was open to every user (mode rw-r--r--); now rw-r-----"),
                    second.logText());
        }
    }
}
