package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.EndingBackend;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.JdkTlsClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a connection ends is carried across the appliance: a clean close on one leg (FIN, or close_notify)
 * arrives as a clean close on the other (all data, then close_notify, then FIN), and an abort (TCP RST)
 * arrives as an abort (RST, no close_notify), so a crash mid-response never looks like a complete one.
 * The TLS peer is Python's {@code ssl} with {@code suppress_ragged_eofs=False}, which tells a missing
 * close_notify from a clean end.
 */
class CloseSemanticsTest {
    private static final int REPEAT = 8;

    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair client;
    Path script;
    RunningAppliance app;

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(dir);
        pki.server("server");
        client = pki.client("voice", "spiffe://carrier/voice");
        script = dir.resolve("tls-close-peer.py");
        try (InputStream in = getClass().getResourceAsStream("/tls-close-peer.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private void serverLink(int backendPort) throws Exception {
        if (app != null) {
            app.close();
        }
        app = RunningAppliance.start(dir, """
                appliance: { id: close-test, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), backendPort));
    }

    private String pythonClient(String version) {
        Processes.Result r = Processes.run(dir, null, "python3", script.toString(), "client", "127.0.0.1",
                Integer.toString(app.port("voice-in")), client.cert().toString(), client.key().toString(),
                pki.caFile().toString(), version);
        return r.stdout().trim() + (r.stderr().isBlank() ? "" : " / " + r.stderr().trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void aBackendThatEndsCleanlyReachesTheTlsClientAsCloseNotifyThenFinEveryTime(String version) throws Exception {
        for (int i = 0; i < REPEAT; i++) {
            try (EndingBackend backend = new EndingBackend(EndingBackend.Mode.CLEAN)) {
                serverLink(backend.port());
                assertEquals("CLEAN 19", pythonClient(version), "round " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void aBackendThatResetsReachesTheTlsClientAsAResetNotACleanEnd(String version) throws Exception {
        for (int i = 0; i < REPEAT; i++) {
            try (EndingBackend backend = new EndingBackend(EndingBackend.Mode.ABORT)) {
                serverLink(backend.port());
                String got = pythonClient(version);
                assertTrue(got.startsWith("RESET"), "round " + i + ": " + got);
            }
        }
    }

    @Test
    void aTlsClientThatResetsReachesTheBackendAsAReset() throws Exception {
        try (EndingBackend backend = new EndingBackend(EndingBackend.Mode.LISTEN)) {
            serverLink(backend.port());
            JdkTlsClient tls = new JdkTlsClient(client, pki);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", app.port("voice-in")));
                try (var s = tls.wrap(raw)) {
                    s.startHandshake();
                    s.getOutputStream().write(EndingBackend.NINETEEN);
                    s.getOutputStream().flush();
                    Await.until(() -> stats("voice-in").bytesFromRemote() >= 19, "the 19 bytes relayed");
                    raw.setSoLinger(true, 0);
                    raw.close();
                }
            }
            assertEquals("RESET 19", backend.outcome().get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aTlsClientThatEndsCleanlyReachesTheBackendAsFin() throws Exception {
        try (EndingBackend backend = new EndingBackend(EndingBackend.Mode.LISTEN)) {
            serverLink(backend.port());
            JdkTlsClient tls = new JdkTlsClient(client, pki);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", app.port("voice-in")));
                try (var s = tls.wrap(raw)) {
                    s.startHandshake();
                    s.getOutputStream().write(EndingBackend.NINETEEN);
                    s.getOutputStream().flush();
                }
            }
            assertEquals("EOF 19", backend.outcome().get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A backend that ends its side (FIN) and later resets, while the TLS client says nothing: the relay's backend
     * leg waits for no event then, and the reset must still end the connection (both legs), not leave it counted
     * live until an idle timeout that voice links turn off.
     */
    @Test
    void aBackendThatEndsItsSideAndThenResetsEndsTheConnectionWhileTheClientIsSilent() throws Exception {
        CountDownLatch clientSawTheEnd = new CountDownLatch(1);
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket b = backend.accept()) {
                    b.shutdownOutput();
                    clientSawTheEnd.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
                    b.setSoLinger(true, 0);
                } catch (IOException | InterruptedException e) {
                    // the assertions below tell
                }
            }, "fin-then-rst-backend");
            t.start();
            serverLink(backend.getLocalPort());
            JdkTlsClient tls = new JdkTlsClient(client, pki);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", app.port("voice-in")));
                raw.setSoTimeout((int) TestTimeouts.eventMillis());
                try (var s = tls.wrap(raw)) {
                    s.startHandshake();
                    assertEquals(-1, s.getInputStream().read(), "the backend's end arrives as the end of the TLS stream");
                    assertEquals(1, app.runtime.listeners().get("voice-in").state().admission().live(), "half-closed is still live");
                    clientSawTheEnd.countDown();
                    Await.until(() -> app.runtime.listeners().get("voice-in").state().admission().live() == 0,
                            "the backend's reset ends the connection");
                }
            }
            t.join(TestTimeouts.eventMillis());
        }
    }

    private LinkStats stats(String link) {
        return app.runtime.listeners().get(link).state().stats();
    }

    /** Client mode: a local plaintext client ends its connection; the upstream TLS server sees the same. */
    @ParameterizedTest
    @ValueSource(strings = {"CLEAN", "ABORT"})
    void aLocalClientsEndReachesTheTlsServerTheSameWay(String how) throws Exception {
        for (String version : new String[] {"1.2", "1.3"}) {
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "server", "0", dir.resolve("server.crt").toString(),
                    dir.resolve("server.key").toString(), pki.caFile().toString(), version);
            pb.redirectErrorStream(true);
            Process p = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String listen = out.readLine();
                assertTrue(listen != null && listen.startsWith("LISTEN "), String.valueOf(listen));
                if (app != null) {
                    app.close();
                }
                app = RunningAppliance.start(dir, """
                        appliance: { id: close-test, site: lab, state-dir: state }
                        links:
                          uplink:
                            mode: client
                            listen: 127.0.0.1:%d
                            connect: ["127.0.0.1:%s"]
                            tls: { certificate: voice.crt, key: voice.key, trust: ca.crt }
                            policy: { sources: ["127.0.0.0/8"] }
                        """.formatted(FreePorts.next(), listen.substring(7)));
                try (Socket s = new Socket("127.0.0.1", app.port("uplink"))) {
                    s.getOutputStream().write(EndingBackend.NINETEEN);
                    s.getOutputStream().flush();
                    Await.until(() -> stats("uplink").bytesToRemote() >= 19, "the 19 bytes relayed");
                    if (how.equals("CLEAN")) {
                        s.shutdownOutput();
                        EndingBackend.readToEnd(s.getInputStream());
                    } else {
                        s.setSoLinger(true, 0);
                    }
                }
                assertTrue(p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "the TLS server finished");
                String got = out.readLine();
                if (how.equals("CLEAN")) {
                    assertEquals("CLEAN 19", got, "TLS " + version);
                } else {
                    assertTrue(got != null && got.startsWith("RESET"), "TLS " + version + " (server " + listen + "): " + got);
                }
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** A local client that sends (or not) and closes before the upstream handshake is done leaves nothing open. */
    @Test
    void localClientsThatEndBeforeTheUpstreamIsReadyLeaveNoConnectionOpen() throws Exception {
        try (EndingBackend unused = new EndingBackend(EndingBackend.Mode.LISTEN);
             io.securelink.appliance.support.LineEchoBackend backend = new io.securelink.appliance.support.LineEchoBackend()) {
            int in = FreePorts.next();
            app = RunningAppliance.start(dir, """
                    appliance: { id: close-test, site: lab, state-dir: state }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                      edge-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%1$d"]
                        tls: { certificate: voice.crt, key: voice.key, trust: ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(in, backend.port(), FreePorts.next()));
            for (int i = 0; i < 10; i++) {
                try (Socket s = new Socket("127.0.0.1", app.port("edge-out"))) {
                    if (i % 2 == 1) {
                        s.getOutputStream().write("early\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
            Await.until(() -> app.runtime.listeners().get("edge-out").state().connections().isEmpty()
                    && app.runtime.listeners().get("edge-in").state().connections().isEmpty(), "every connection of both links closed");
        }
    }
}
