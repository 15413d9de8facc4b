package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.PlainClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every thread of a running daemon says what it is: after relaying through both link modes, a reload, a
 * file-watcher reload and status, no live thread (the kernel's view in /proc and the JVM's in jstack) and no
 * log line up to and including the stop is on an anonymous {@code Thread-N}, {@code pool-N-thread-M} or
 * {@code Timer-N} thread.
 */
class ThreadNamesTest {
    private static final Pattern ANONYMOUS = Pattern.compile("^(Thread-\\d+|pool-\\d+-thread-\\d*|Timer-\\d+)$");
    private static final Pattern LOG_THREAD = Pattern.compile("(?m)^\\S+ +[A-Z]+ +\\[([^\\]]*)\\]");

    @TempDir
    Path dir;

    @Test
    void noDaemonThreadIsAnonymousFromStartThroughReloadToStop() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        try (LineEchoBackend backend = new LineEchoBackend()) {
            int in = FreePorts.next();
            int out = FreePorts.next();
            Path cfg = dir.resolve("threads.yaml");
            String yaml = """
                    appliance: { id: threads, site: lab, state-dir: state }
                    links:
                      t-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                        timeouts: { drain: 2s }
                        policy: { sources: ["127.0.0.0/8"] }
                      t-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                        timeouts: { drain: 2s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(in, backend.port(), client.pin(), out, in, server.pin());
            Files.writeString(cfg, yaml);
            Path socket = dir.resolve("state").resolve("control.sock");
            List<String> seen = new ArrayList<>();
            try (DaemonProcess d = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
                assertEquals("echo:through-both", PlainClient.exchange(out, "through-both"));

                // The file watcher applies a changed file; then an explicit reload and status over the control socket.
                Files.writeString(cfg, yaml.replaceFirst("drain: 2s", "drain: 3s"));
                Await.until(() -> d.logText().contains("reload-applied"), "the watcher's reload in the log");
                assertTrue(ControlClient.request(socket, "reload").contains("reload applied"));
                assertTrue(ControlClient.request(socket, "status").contains("t-in"));
                assertEquals("echo:after-reload", PlainClient.exchange(out, "after-reload"));

                seen.addAll(kernelThreadNames(d.process.pid()));
                seen.addAll(jvmThreadNames(d.process.pid()));
                d.close();
                assertEquals(0, d.awaitExit(), d.logText());
                Matcher m = LOG_THREAD.matcher(d.logText());
                List<String> logged = new ArrayList<>();
                while (m.find()) {
                    logged.add(m.group(1));
                }
                assertTrue(logged.stream().anyMatch(t -> t.startsWith("sl-drain-")), "the stop's drain logs on its own thread: " + logged);
                seen.addAll(logged);
            }
            assertTrue(seen.contains("sl-control") && seen.contains("sl-config-watch") && seen.contains("sl-audit-log"), seen.toString());
            List<String> anonymous = seen.stream().filter(n -> ANONYMOUS.matcher(n).matches()).toList();
            assertTrue(anonymous.isEmpty(), "anonymous threads " + anonymous + " among " + new TreeSet<>(seen));
        }
    }

    /** What {@code top -H} and {@code ps -L} show: /proc/PID/task/TID/comm (15 characters at most). */
    private static List<String> kernelThreadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    names.add(Files.readString(t.resolve("comm")).strip());
                } catch (IOException gone) {
                    // the thread ended while listing
                }
            }
        }
        assertFalse(names.isEmpty());
        return names;
    }

    /** The JVM's own names, from jstack (the JDK's tool beside this java). */
    private static List<String> jvmThreadNames(long pid) {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Processes.Result r = Processes.run(null, null, jstack.toString(), Long.toString(pid));
        assertEquals(0, r.exitCode(), r.all());
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\"([^\"]*)\"").matcher(r.stdout());
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.contains("main"), r.stdout());
        return names;
    }
}
