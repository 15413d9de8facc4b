package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as systemd runs it: {@code /usr/bin/jsvc -nodetach} starts {@link SecurelinkDaemon} in a
 * JVM, it serves a mutual-TLS connection (openssl s_client through a server link to an echo backend),
 * and SIGTERM to jsvc (systemd's main PID) stops it cleanly with exit 0. Runs where the Debian jsvc
 * package is installed (CI installs it).
 */
class JsvcEndToEndTest {
    static final Path JSVC = Path.of("/usr/bin/jsvc");

    @TempDir
    Path dir;

    @Test
    void jsvcStartsTheDaemonItServesTlsAndSigtermStopsItWithExitZero() throws Exception {
        assumeTrue(Files.isExecutable(JSVC), "jsvc is not installed (apt-get install jsvc)");
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.exists(javaHome.resolve("lib/server/libjvm.so")), "no server JVM under " + javaHome + " for jsvc");
        TestPki pki = new TestPki(dir);
        pki.server("server");
        TestPki.Pair client = pki.client("site", "spiffe://site/042");
        int port = FreePorts.next();
        try (LineEchoBackend backend = new LineEchoBackend()) {
            Path cfg = dir.resolve("securelink.yaml");
            Files.writeString(cfg, """
                    appliance: { id: jsvc-test, site: lab, state-dir: state }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] }
                        timeouts: { drain: 5s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(port, backend.port()));
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = List.of(JSVC.toString(), "-nodetach",
                    "-home", javaHome.toString(),
                    "-cp", classpath,
                    "-pidfile", dir.resolve("jsvc.pid").toString(),
                    "-outfile", "&1", "-errfile", "&2",
                    "-procname", "securelink-test",
                    SecurelinkDaemon.class.getName(), "--config", cfg.toString());
            Process jsvc = new ProcessBuilder(command).redirectErrorStream(true).start();
            Output output = new Output(jsvc.getInputStream());
            output.start();
            try {
                // init binds (the kernel queues connections from then on); start has run once this is logged.
                // A new JVM (jsvc's) starting on a box shared with other builds: the start budget, as for every daemon JVM.
                try {
                    Await.until(() -> !jsvc.isAlive() || output.text().contains("started: appliance jsvc-test"), "jsvc's daemon started",
                            DaemonProcess.START_MILLIS);
                } catch (AssertionError notStarted) {
                    throw new AssertionError(notStarted.getMessage() + " within " + DaemonProcess.START_MILLIS + " ms; jsvc's output so far:\n"
                            + output.text(), notStarted);
                }
                assertTrue(jsvc.isAlive(), () -> "jsvc exited " + jsvc.exitValue() + ":\n" + output.text());
                assertTrue(Files.exists(dir.resolve("jsvc.pid")), "jsvc wrote its pid file");

                Processes.Result r = OpensslClient.send(port, client.cert(), client.key(), pki.caFile(), "through-jsvc");
                assertTrue(r.stdout().contains("through-jsvc"), () -> "no echo through the TLS link:\n" + r.all() + "\n" + output.text());

                // SIGTERM to jsvc (the unit's main PID), as systemd stops the unit. Not Process.destroy(): that
                // also closes our end of jsvc's output pipe, and jsvc would die of SIGPIPE instead.
                assertTrue(jsvc.toHandle().destroy(), "SIGTERM sent");
                assertTrue(jsvc.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), () -> "jsvc still running:\n" + output.text());
                output.join(TestTimeouts.eventMillis());
                assertEquals(0, jsvc.exitValue(), output::text);
                assertTrue(output.text().contains("stopping"), output::text);
                assertTrue(!accepts(port), "the listener is closed after stop");
            } finally {
                if (jsvc.isAlive()) {
                    jsvc.destroyForcibly();
                    jsvc.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
                }
                killOrphanedJvm(dir.resolve("jsvc.pid"));
            }
        }
    }

    /** If the test failed with jsvc's JVM child still running (its pid is in the pid file), end it. */
    private static void killOrphanedJvm(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            if (pid.matches("\\d+")) {
                java.lang.ProcessHandle.of(Long.parseLong(pid)).ifPresent(java.lang.ProcessHandle::destroyForcibly);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Collects jsvc's output (the daemon's log) for assertions and failure messages. */
    static final class Output extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Output(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (buf) {
                        buf.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // jsvc exited.
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
