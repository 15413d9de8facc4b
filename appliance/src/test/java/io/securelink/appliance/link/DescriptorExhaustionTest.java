package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.daemon.ControlClient;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.PlainClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon, started as a user starts it, runs out of file descriptors (its soft limit lowered with
 * {@code prlimit}, then more connections opened than it allows): the listener says so as one
 * {@code accept-failed} event naming the limit (not Netty's bare "reached the tail of the pipeline" warning every
 * second), counts the failed accepts in {@code status}, does not lose the libraries it loads on that path, and
 * serves again once the connections are gone.
 */
class DescriptorExhaustionTest {
    @TempDir
    Path dir;

    @Test
    void runningOutOfDescriptorsIsReportedWithTheLimitCountedAndRecoveredFrom() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        try (LineEchoBackend backend = new LineEchoBackend()) {
            int in = FreePorts.next();
            int out = FreePorts.next();
            Path cfg = dir.resolve("fds.yaml");
            String limits = "{ sources: [\"127.0.0.0/8\"], max-connections: 1000, max-connections-per-source: 1000,"
                    + " max-handshakes-in-flight: 1000, max-handshakes-in-flight-per-source: 1000, rate: { per-source: 10000/s, burst: 10000 } }";
            Files.writeString(cfg, """
                    appliance: { id: fds, site: lab, state-dir: state }
                    links:
                      f-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                        timeouts: { handshake: 60s, drain: 1s }
                        policy: %s
                      f-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                        timeouts: { drain: 1s }
                        policy: %s
                    """.formatted(in, backend.port(), client.pin(), limits, out, in, server.pin(), limits));
            Path socket = dir.resolve("state").resolve("control.sock");
            try (DaemonProcess d = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
                assertEquals("echo:before", PlainClient.exchange(out, "before"));
                // One warning first, as any running appliance has logged: the test runs on class folders, where every
                // class loaded for the first time needs a descriptor (the packaged jar is open already).
                try (Socket http = new Socket("127.0.0.1", in)) {
                    http.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Await.until(() -> d.logText().contains("handshake-failed link=f-in"), "a handshake-failed warning");
                }
                long pid = d.process.pid();
                long limit = openFiles(pid) + 40;
                Processes.Result r = Processes.run(null, null, "prlimit", "--pid", Long.toString(pid), "--nofile=" + limit + ":");
                assertEquals(0, r.exitCode(), r.all());

                // Silent TLS clients on f-in (a 60 s handshake timeout keeps them): more than the descriptors left.
                List<Socket> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 80; i++) {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress("127.0.0.1", in), 5000); // the backlog takes what accept cannot
                        held.add(s);
                    }
                    try {
                        Await.until(() -> d.logText().contains("accept-failed link=f-in"), "an accept-failed event for f-in");
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "; open files " + openFiles(pid) + " of " + limit + "; log:\n" + d.logText(), e);
                    }
                    String log = d.logText();
                    assertTrue(log.contains("open-file limit (" + limit + ") is reached"), log);
                    assertFalse(log.contains("reached at the tail of the pipeline"), log);
                    assertFalse(log.contains("UnsatisfiedLinkError"), log);
                } finally {
                    for (Socket s : held) {
                        s.close();
                    }
                }
                // Descriptors come back as the silent clients go: both links serve again.
                Await.until(() -> {
                    try {
                        return PlainClient.exchange(out, "after").equals("echo:after");
                    } catch (IOException stillShort) {
                        return false;
                    }
                }, "an exchange through both links after the descriptors came back");
                String status = ControlClient.request(socket, "status");
                assertTrue(status.matches("(?s).*link f-in server listen \\S+ accepting .*accept-failed fd-limit [1-9].*"), status);
            }
        }
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }
}
