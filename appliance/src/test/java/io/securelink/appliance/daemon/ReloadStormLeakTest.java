package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An appliance reloaded again and again for years (a config management run every few minutes) must not
 * grow: fifty applied reloads of a real daemon process, each changing a link's policy, leave its open files
 * and threads where they were (read from /proc/PID/fd and /proc/PID/task). A leak of one file or thread per
 * reload would show as fifty.
 */
class ReloadStormLeakTest {
    private static final int RELOADS = 50;
    @TempDir
    Path dir;

    @Test
    void fiftyAppliedReloadsLeaveOpenFilesAndThreadsWhereTheyWere() throws Exception {
        new TestPki(dir).server("server");
        Path cfg = dir.resolve("securelink.yaml");
        String yaml = """
                appliance: { id: reload-storm, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"], max-connections: MAX }
                """.formatted(FreePorts.next(), FreePorts.next());
        Files.writeString(cfg, yaml.replace("MAX", "1000"));
        try (DaemonProcess daemon = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
            long pid = daemon.process.pid();
            int n = 0;
            for (; n < 5; n++) { // warm-up: classes, lazily made pools
                reload(cfg, yaml, n);
            }
            long fdsBefore = count(pid, "fd");
            long threadsBefore = count(pid, "task");
            for (; n < 5 + RELOADS; n++) {
                reload(cfg, yaml, n);
            }
            long fdsAfter = count(pid, "fd");
            long threadsAfter = count(pid, "task");
            assertTrue(fdsAfter <= fdsBefore + 3, "open files " + fdsBefore + " -> " + fdsAfter + " after " + RELOADS + " reloads");
            assertTrue(threadsAfter <= threadsBefore + 2, "threads " + threadsBefore + " -> " + threadsAfter + " after " + RELOADS + " reloads");
            System.out.println("ReloadStormLeakTest: " + RELOADS + " reloads: open files " + fdsBefore + " -> " + fdsAfter
                    + ", threads " + threadsBefore + " -> " + threadsAfter);
        }
    }

    private static void reload(Path cfg, String yaml, int n) throws IOException {
        Files.writeString(cfg, yaml.replace("MAX", Integer.toString(1000 + n + 1)));
        CliRun r = CliRun.of("reload", "--config", cfg.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("reload applied"), r.toString());
    }

    private static long count(long pid, String what) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), what))) {
            return s.count();
        }
    }
}
