package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.daemon.ControlClient;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LoopbackSocketServer;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection log of a running daemon ({@code run}, its own JVM), over real sockets: a plaintext client
 * goes through a client link, mutual TLS to a server link, and a scripted backend. Every connection gets one
 * {@code connection} line (peer identity, the pin that matched, the route, TLS) and one {@code closed} line
 * on each link, with exactly the bytes sent each way and who ended it: the client, the backend (upstream,
 * seen from the client link), a backend reset, a client reset, the idle timeout.
 * {@code -Dsecurelink.log.connections=WARN} silences both lines.
 */
class ConnectionLogTest {
    private static final int UP = 1_003;
    private static final int DOWN = 7_001;

    @TempDir
    Path dir;

    @Test
    void eachConnectionGetsAnAcceptAndACloseLineWithExactBytesAndWhoClosed() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        try (ScriptedBackend backend = new ScriptedBackend()) {
            Ports p = new Ports();
            Path cfg = config(p, backend.port(), server, client);
            try (DaemonProcess d = DaemonProcess.start(cfg, Map.of()).awaitRunning()) {
                LogLines log = new LogLines(d);

                // 1. The client ends: request, whole answer, then the client's FIN.
                int port;
                try (Socket s = connect(p.out)) {
                    port = s.getLocalPort();
                    send(s, "hold");
                    assertEquals(DOWN, readExactly(s, DOWN));
                    s.shutdownOutput();
                    assertEquals(-1, s.getInputStream().read(), "the backend ends after the client did");
                }
                String outAccept = log.await("connection link=l-out remote=127.0.0.1:" + port + " ");
                assertTrue(outAccept.contains(" peer=CN=localhost") && outAccept.contains(" pin=" + server.pin() + " ")
                        && outAccept.contains(" route=127.0.0.1:" + p.in + " (connect[0]) ") && outAccept.contains(" tls=TLSv1.3 ")
                        && outAccept.contains(" group="), outAccept);
                String inAccept = log.awaitNth("connection link=l-in ", 1);
                assertTrue(inAccept.contains("uri:spiffe://lab/client") && inAccept.contains(" pin=" + client.pin() + " ")
                        && inAccept.contains(" route=127.0.0.1:" + backend.port() + " (forward) ") && inAccept.contains(" tls=TLSv1.3 "), inAccept);
                assertClosed(log.await("closed link=l-out remote=127.0.0.1:" + port + " "), "client", UP, DOWN);
                assertClosed(log.awaitNth("closed link=l-in ", 1), "client", UP, DOWN);

                // 2. The backend ends: it answers and closes while the client still has its side open.
                try (Socket s = connect(p.out)) {
                    port = s.getLocalPort();
                    send(s, "close");
                    assertEquals(DOWN, readExactly(s, DOWN));
                    assertEquals(-1, s.getInputStream().read());
                }
                assertClosed(log.await("closed link=l-out remote=127.0.0.1:" + port + " "), "upstream", UP, DOWN);
                assertClosed(log.awaitNth("closed link=l-in ", 2), "backend", UP, DOWN);

                // 3. The backend resets after reading the request: an abort on both links.
                try (Socket s = connect(p.out)) {
                    port = s.getLocalPort();
                    send(s, "reset");
                    assertTrue(endsWithReset(s), "the reset reaches the client");
                }
                assertClosed(log.await("closed link=l-out remote=127.0.0.1:" + port + " "), "upstream-reset", UP, 0);
                assertClosed(log.awaitNth("closed link=l-in ", 3), "backend-reset", UP, 0);

                // 4. The client resets after the answer.
                try (Socket s = connect(p.out)) {
                    port = s.getLocalPort();
                    send(s, "hold");
                    assertEquals(DOWN, readExactly(s, DOWN));
                    s.setSoLinger(true, 0);
                }
                assertClosed(log.await("closed link=l-out remote=127.0.0.1:" + port + " "), "client-reset", UP, DOWN);
                assertClosed(log.awaitNth("closed link=l-in ", 4), "client-reset", UP, DOWN);

                // 5. Nothing happens after the request: the client link's idle timeout (1 s) ends it.
                try (Socket s = connect(p.idle)) {
                    port = s.getLocalPort();
                    send(s, "silent");
                    assertEquals(-1, s.getInputStream().read(), "closed by the idle timeout");
                }
                String idle = log.await("closed link=l-idle remote=127.0.0.1:" + port + " ");
                assertClosed(idle, "idle-timeout", UP, 0);
                Matcher dur = Pattern.compile(" duration=(\\d+)\\.(\\d{3})s ").matcher(idle);
                assertTrue(dur.find() && Long.parseLong(dur.group(1)) * 1000 + Long.parseLong(dur.group(2)) >= 900, idle);
                assertClosed(log.awaitNth("closed link=l-in ", 5), "client", UP, 0);

                // One accept and one close line per connection and link; no key material anywhere in the log.
                String text = d.logText();
                assertEquals(5, count(text, "connection link=l-in "), text);
                assertEquals(5, count(text, "closed link=l-in "), text);
                assertEquals(4, count(text, "connection link=l-out "), text);
                assertEquals(4, count(text, "closed link=l-out "), text);
                assertFalse(text.contains("PRIVATE KEY"), text);
                // Every accept line names the pin, also for the peers whose chain the verifier remembered.
                text.lines().filter(l -> l.contains("connection link=l-in "))
                        .forEach(l -> assertTrue(l.contains(" pin=" + client.pin() + " ") && l.contains("uri:spiffe://lab/client"), l));
                text.lines().filter(l -> l.contains("connection link=l-out ") || l.contains("connection link=l-idle "))
                        .forEach(l -> assertTrue(l.contains(" pin=" + server.pin() + " ") && l.contains(" peer=CN=localhost"), l));
            }
        }
    }

    @Test
    void logConnectionsWarnSilencesBothLines() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        try (ScriptedBackend backend = new ScriptedBackend()) {
            Ports p = new Ports();
            Path cfg = config(p, backend.port(), server, client);
            try (DaemonProcess d = DaemonProcess.start(cfg, Map.of(), "-Dsecurelink.log.connections=WARN").awaitRunning()) {
                try (Socket s = connect(p.out)) {
                    send(s, "close");
                    assertEquals(DOWN, readExactly(s, DOWN));
                    assertEquals(-1, s.getInputStream().read());
                }
                Path socket = dir.resolve("state").resolve("control.sock");
                Await.until(() -> {
                    try {
                        String st = ControlClient.request(socket, "status");
                        return st.contains("bytes-in " + UP + " bytes-out " + DOWN) && st.contains("bytes-in " + DOWN + " bytes-out " + UP)
                                && !st.matches("(?s).*live [1-9].*");
                    } catch (IOException e) {
                        return false;
                    }
                }, "both links counted the connection and have none live");
                d.close();
                String text = d.logText();
                assertTrue(text.contains("link-up"), text);
                assertFalse(text.contains("connection link="), text);
                assertFalse(text.contains("closed link="), text);
            }
        }
    }

    private static void assertClosed(String line, String by, long fromClient, long toClient) {
        assertTrue(line.contains(" by=" + by + " "), "by=" + by + ": " + line);
        assertTrue(line.contains(" from-client=" + fromClient + " "), "from-client=" + fromClient + ": " + line);
        assertTrue(line.endsWith(" to-client=" + toClient), "to-client=" + toClient + ": " + line);
    }

    private record Ports(int in, int out, int idle) {
        Ports() {
            this(FreePorts.next(), FreePorts.next(), FreePorts.next());
        }
    }

    private Path config(Ports p, int backend, TestPki.Pair server, TestPki.Pair client) throws IOException {
        Path cfg = dir.resolve("connlog.yaml");
        Files.writeString(cfg, """
                appliance: { id: connlog, site: lab, state-dir: state, watch-config: false }
                links:
                  l-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                    timeouts: { drain: 2s }
                    policy: { sources: ["127.0.0.0/8"] }
                  l-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%d"]
                    tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                    timeouts: { drain: 2s }
                    policy: { sources: ["127.0.0.0/8"] }
                  l-idle:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%d"]
                    tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                    timeouts: { idle: 1s, drain: 2s }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(p.in, backend, client.pin(), p.out, p.in, server.pin(), p.idle, p.in, server.pin()));
        return cfg;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
        s.setSoTimeout((int) TestTimeouts.eventMillis());
        return s;
    }

    /** Sends exactly UP bytes: the command line for the backend, padded. */
    private static void send(Socket s, String command) throws IOException {
        byte[] up = new byte[UP];
        Arrays.fill(up, (byte) 'u');
        byte[] c = (command + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c, 0, up, 0, c.length);
        OutputStream out = s.getOutputStream();
        out.write(up);
        out.flush();
    }

    private static int readExactly(Socket s, int n) throws IOException {
        return s.getInputStream().readNBytes(n).length;
    }

    private static boolean endsWithReset(Socket s) {
        try {
            return s.getInputStream().read() == -1 ? false : false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The daemon's log, line by line, waited on. */
    private record LogLines(DaemonProcess d) {
        String await(String contains) throws InterruptedException {
            Await.until(() -> lines().stream().anyMatch(l -> l.contains(contains)), "a log line with '" + contains + "'");
            return lines().stream().filter(l -> l.contains(contains)).findFirst().orElseThrow().strip();
        }

        /** The n-th (1-based) line containing {@code contains}. */
        String awaitNth(String contains, int n) throws InterruptedException {
            Await.until(() -> lines().stream().filter(l -> l.contains(contains)).count() >= n,
                    n + " log lines with '" + contains + "'");
            return lines().stream().filter(l -> l.contains(contains)).skip(n - 1).findFirst().orElseThrow().strip();
        }

        List<String> lines() {
            return d.logText().lines().toList();
        }
    }

    /**
     * A plaintext backend run by the request's first line, after reading all UP bytes: {@code hold} answers DOWN
     * bytes and closes once the client ended; {@code close} answers DOWN bytes and closes; {@code reset} resets;
     * {@code silent} answers nothing and closes once the client ended.
     */
    private static final class ScriptedBackend implements AutoCloseable {
        private final LoopbackSocketServer server = new LoopbackSocketServer("scripted-backend", 50, ScriptedBackend::answer);

        ScriptedBackend() throws IOException {
        }

        int port() {
            return server.port();
        }

        private static void answer(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                byte[] req = in.readNBytes(UP);
                String command = new String(req, StandardCharsets.US_ASCII).split("\n", 2)[0];
                byte[] down = new byte[DOWN];
                Arrays.fill(down, (byte) 'd');
                switch (command) {
                    case "hold" -> {
                        s.getOutputStream().write(down);
                        s.getOutputStream().flush();
                        in.readAllBytes();
                    }
                    case "close" -> {
                        s.getOutputStream().write(down);
                        s.getOutputStream().flush();
                    }
                    case "reset" -> s.setSoLinger(true, 0);
                    default -> in.readAllBytes();
                }
            } catch (IOException e) {
                // the client reset: nothing to answer
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
