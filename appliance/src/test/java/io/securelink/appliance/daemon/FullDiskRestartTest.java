package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.InJvmBroker;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.SmallTmpfs;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running appliance keeps serving when its disk fills up; one restarted (a reboot, a crash and
 * Restart=on-failure) on that full disk must do the same, not refuse to start because the audit log or the
 * MQTT journal cannot write their first record: before, `run` exited 1 ("cannot open the audit log in ...:
 * No space left on device", or "status.mqtt: cannot start MQTT reporting") and every link stayed down. The
 * state folder is on a 256 KiB tmpfs this test mounts (skipped with a message where mounting is refused).
 */
class FullDiskRestartTest {
    private static final String RETRY = "-Dsecurelink.audit.retry-seconds=1";
    @TempDir
    Path dir;
    SmallTmpfs tmpfs;
    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount("s8-ops-restartfs", "256k", "the full-disk restart test");
        mount = tmpfs.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aRestartOnAFullDiskListensDegradedAndTheLogsCatchUpWhenThereIsRoomAgain() throws Exception {
        Path state = mount.resolve("state");
        Path filler = mount.resolve("filler");
        new TestPki(dir).server("server");
        Path cfg = dir.resolve("securelink.yaml");
        try (InJvmBroker broker = InJvmBroker.start()) {
            String yaml = """
                    appliance: { id: full-restart, site: lab, state-dir: %s }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                        policy: { sources: ["127.0.0.0/8"], max-connections: MAX }
                    status:
                      mqtt: { brokers: ["%s"], heartbeat: 30s }
                    """.formatted(state, FreePorts.next(), FreePorts.next(), broker.url());
            Files.writeString(cfg, yaml.replace("MAX", "100"));
            try (DaemonProcess first = DaemonProcess.start(cfg, Map.of(), RETRY).awaitRunning()) {
                assertTrue(first.process.isAlive());
            }
            SmallTmpfs.fill(filler);
            try (DaemonProcess second = DaemonProcess.start(cfg, Map.of(), RETRY).awaitRunning()) {
                CliRun status = CliRun.of("status", "--config", cfg.toString());
                assertTrue(status.out.contains("link edge-in") && status.out.contains("degraded: "),
                        "every link listens and status says what cannot write: " + status);
                Files.delete(filler);
                // An event (reload-applied) for the journal to retry with; the audit log retries by itself.
                Files.writeString(cfg, yaml.replace("MAX", "101"));
                CliRun reload = CliRun.of("reload", "--config", cfg.toString());
                assertEquals(0, reload.exitCode, reload.toString());
                Await.until(() -> {
                    String s = CliRun.of("status", "--config", cfg.toString()).out;
                    return s.contains("audit log: ok") && s.contains("mqtt journal: ok");
                }, "the audit log and the journal write again", DaemonProcess.START_MILLIS);
            }
        }
        CliRun verify = CliRun.of("audit-log", "verify", state.resolve("audit").toString());
        assertEquals(0, verify.exitCode, verify.toString());
    }
}
