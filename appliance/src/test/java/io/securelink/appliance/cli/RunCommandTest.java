package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code securelink run} as its own process: prints where each link listens, serves, and on SIGTERM
 * stops and exits 0; an invalid config exits 1 with the check-config messages and binds nothing.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private static Process launch(Path config) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand",
                "run", "--config", config.toString()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void servesUntilSigtermThenExitsZero() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("c", "spiffe://c");
        int port = FreePorts.next();
        try (LineEchoBackend backend = new LineEchoBackend()) {
            Path cfg = dir.resolve("run.yaml");
            Files.writeString(cfg, """
                    appliance: { id: run-test, site: lab, state-dir: state }
                    links:
                      in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                        timeouts: { drain: 2s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(port, backend.port(), client.pin()));
            Process p = launch(cfg);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (Exception e) {
                        return null;
                    }
                });
                String line = firstLine.get(io.securelink.appliance.support.DaemonProcess.START_MILLIS, TimeUnit.MILLISECONDS); // a new JVM
                assertEquals("link in listening on 127.0.0.1:" + port, line);
                Processes.Result r = OpensslClient.send(port, client.cert(), client.key(), pki.caFile(), "via-run");
                assertTrue(r.stdout().contains("echo:via-run"), r.all());

                // SIGHUP re-reads the config: the control socket then reports the new digest.
                Path socket = dir.resolve("state").resolve("control.sock");
                String before = io.securelink.appliance.daemon.ControlClient.request(socket, "status");
                Files.writeString(cfg, Files.readString(cfg).replace("drain: 2s", "drain: 3s"));
                Processes.ok(null, "kill", "-HUP", Long.toString(p.pid()));
                io.securelink.appliance.support.Await.until(() -> {
                    try {
                        String now = io.securelink.appliance.daemon.ControlClient.request(socket, "status");
                        return !now.lines().filter(l -> l.startsWith("config digest")).findFirst()
                                .equals(before.lines().filter(l -> l.startsWith("config digest")).findFirst());
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, "SIGHUP applied a new config digest");

                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "run exits after SIGTERM (nothing to drain)");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void anInvalidConfigExitsOneWithTheProblemsAndListensNowhere() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "appliance: { id: BAD, site: lab }\nlinks: {}\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand",
                "run", "--config", cfg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "run with an invalid config exits, output so far: " + out);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("appliance.id: 'BAD' must be 1-63 lower-case"), out);
    }
}
