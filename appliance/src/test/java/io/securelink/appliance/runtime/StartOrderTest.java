package io.securelink.appliance.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventBus;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.link.LinkSnapshot;
import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.JdkTlsClient;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start binds the listening sockets before it builds the TLS contexts, so the kernel completes and
 * queues connections while the contexts are built. Proven here with the context build held open: a
 * client that connects meanwhile gets no byte back (no ServerHello, no reset) and the backend sees
 * nothing; once the link is ready the same connection is handshaken with the link's pinning (a pinned
 * client is relayed, an unpinned one refused). When the build fails, the start fails naming the link,
 * the queued connection is closed without an answer and the port is released.
 */
class StartOrderTest {
    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair pinned;
    TestPki.Pair unpinned;
    LineEchoBackend backend;
    final CollectingEventSink events = new CollectingEventSink();
    final CountDownLatch preparing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    ApplianceRuntime runtime;
    int port;

    @BeforeEach
    void pki() throws Exception {
        pki = new TestPki(dir);
        pki.server("server");
        pinned = pki.client("voice", "spiffe://carrier/voice");
        unpinned = pki.client("other", "spiffe://carrier/voice");
        backend = new LineEchoBackend();
        port = FreePorts.next();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (runtime != null) {
            runtime.close();
        }
        backend.close();
    }

    private ApplianceConfig config() throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, """
                appliance: { id: start-order, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls:
                      certificate: server.crt
                      key: server.key
                      trust: ca.crt
                      client-auth: required
                      pins: ["%s"]
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(port, backend.port(), pinned.pin()));
        return ConfigLoader.load(f);
    }

    /** A runtime whose context build waits for {@link #release}, then builds (or fails with {@code failure}). */
    private ApplianceRuntime heldRuntime(SSLException failure) {
        return new ApplianceRuntime(new EventBus().subscribe(events), 1, (link, ev) -> {
            preparing.countDown();
            try {
                if (!release.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the test never released the context build");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return LinkSnapshot.prepare(link, ev);
        });
    }

    private Socket connectWhileHeld() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
        s.setSoTimeout((int) TestTimeouts.eventMillis());
        return s;
    }

    /** Handshakes and echoes one line on a connection made earlier; the result is the echoed line or the failure. */
    private static CompletableFuture<String> echoLater(JdkTlsClient client, Socket raw, String line) {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = client.wrap(raw)) {
                s.startHandshake();
                s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
    }

    @Test
    void aConnectionMadeWhileTheTlsContextIsBuiltIsServedOnlyOnceTheLinkIsReadyAndWithItsPinning() throws Exception {
        ApplianceConfig cfg = config();
        runtime = heldRuntime(null);
        CompletableFuture<Map<String, InetSocketAddress>> started = CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, InetSocketAddress> bound = runtime.bind(cfg);
                runtime.open();
                return bound;
            } catch (RuntimeStartException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(preparing.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "the context build began");

        // The socket is bound before the context exists: the kernel completes the TCP handshake.
        Socket early = connectWhileHeld();
        Socket earlyUnpinned = connectWhileHeld();
        CompletableFuture<String> served = echoLater(new JdkTlsClient(pinned, pki), early, "early");
        CompletableFuture<String> refused = echoLater(new JdkTlsClient(unpinned, pki), earlyUnpinned, "unpinned");
        // Nothing answers the ClientHello while the context is being built.
        assertThrows(TimeoutException.class, () -> served.get(300, TimeUnit.MILLISECONDS));
        assertFalse(refused.isDone(), "an early connection was answered before its link was ready");
        assertFalse(started.isDone());
        assertEquals(0, backend.accepted());
        assertTrue(events.all().stream().noneMatch(e -> e.link().equals("voice-in")), events.all().toString());

        release.countDown();
        assertEquals(port, started.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS).get("voice-in").getPort());
        assertEquals("echo:early", served.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS));
        String unpinnedResult = refused.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
        assertTrue(unpinnedResult.startsWith("failed"), unpinnedResult);
        Event pin = events.await(EventType.PIN_FAILED);
        assertEquals("voice-in", pin.link());
        assertEquals(1, backend.accepted());
    }

    @Test
    void aLinkWhoseTlsContextCannotBeBuiltFailsTheStartAndAnswersNoQueuedConnection() throws Exception {
        ApplianceConfig cfg = config();
        runtime = heldRuntime(new SSLException("the key does not load (test)"));
        CompletableFuture<RuntimeStartException> failed = CompletableFuture.supplyAsync(() -> {
            try {
                runtime.bind(cfg);
                return null;
            } catch (RuntimeStartException e) {
                return e;
            }
        });
        assertTrue(preparing.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "the context build began");
        Socket early = connectWhileHeld();
        early.getOutputStream().write(JdkTlsClient.clientHello());

        release.countDown();
        RuntimeStartException e = failed.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
        assertEquals("link voice-in: cannot build TLS context: the key does not load (test)", e == null ? null : e.getMessage());
        // The queued connection is closed (reset or EOF) without one byte of TLS from the appliance.
        try (early; InputStream in = early.getInputStream()) {
            int first;
            try {
                first = in.read();
            } catch (SocketException reset) {
                first = -1;
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the queued connection was left open after the start failed");
            }
            assertEquals(-1, first, "the appliance answered a connection for a link that never became ready");
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the port is released");
        assertEquals(0, backend.accepted());
        assertTrue(events.all().stream().noneMatch(ev -> ev.link().equals("voice-in")), events.all().toString());
        assertTrue(runtime.listeners().isEmpty());
    }
}
