package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.StreamBackend;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path: local plaintext into a client-mode link, mutual TLS to a server-mode link, plaintext
 * to a backend. Bytes arrive unchanged in both directions, half-close travels end to end, and a backend
 * that stops reading stops the sender without the appliance buffering the difference.
 */
class ChainedLinksTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    TestPki pki;
    RunningAppliance appliance;

    @BeforeEach
    void pki() {
        pki = new TestPki(dir);
        pki.server("server");
        pki.client("site", "spiffe://site/042");
    }

    @AfterEach
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
        System.clearProperty("securelink.tls.provider");
    }

    private void start(int backendPort) throws Exception {
        start(backendPort, "{}");
    }

    /** @param tcp the {@code tcp} section of both links */
    private void start(int backendPort, String tcp) throws Exception {
        appliance = RunningAppliance.start(dir, """
                appliance: { id: test-chain, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, client-auth: required,
                           pin-certificates: [site.crt], peers: ["uri:spiffe://site/042"] }
                    policy: { sources: ["127.0.0.0/8"] }
                    tcp: %4$s
                  edge-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%1$d"]
                    tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt] }
                    policy: { sources: ["127.0.0.0/8"] }
                    tcp: %4$s
                """.formatted(FreePorts.next(), backendPort, FreePorts.next(), tcp));
    }

    private Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", appliance.port("edge-out")), (int) TestTimeouts.eventMillis());
        s.setSoTimeout((int) TestTimeouts.eventMillis() * 3);
        return s;
    }

    @Test
    void hundredMebibytesArriveIntactAndTheDigestComesBackAfterHalfClose() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.SINK, false)) {
            start(backend.port());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Socket s = connect()) {
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[256 * 1024];
                Random rnd = new Random(42);
                for (long sent = 0; sent < 100 * MIB; sent += chunk.length) {
                    rnd.nextBytes(chunk);
                    md.update(chunk);
                    out.write(chunk);
                }
                out.flush();
                s.shutdownOutput();
                String expected = HexFormat.of().formatHex(md.digest());
                StreamBackend.Received r = backend.received().get(TestTimeouts.eventMillis() * 3, TimeUnit.MILLISECONDS);
                assertEquals(100 * MIB, r.bytes());
                assertEquals(expected, r.sha256());
                // The reply travels back after our half-close: the reverse direction stayed open.
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                assertEquals(expected, reply);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void echoCarriesBytesBothWaysUnchangedAcrossHalfClose(String provider) throws Exception {
        System.setProperty("securelink.tls.provider", provider);
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.ECHO, false)) {
            start(backend.port());
            byte[] payload = new byte[(int) (8 * MIB)];
            new Random(7).nextBytes(payload);
            try (Socket s = connect()) {
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.getInputStream().readAllBytes();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                s.getOutputStream().write(payload);
                s.shutdownOutput();
                assertArrayEquals(payload, back.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS));
            }
        }
    }

    @Test
    void aBackendThatStopsReadingStopsTheSenderWithBoundedBuffering() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.SINK, true)) {
            long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            start(backend.port());
            long total = 256 * MIB;
            AtomicLong written = new AtomicLong();
            try (Socket s = connect()) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        byte[] chunk = new byte[64 * 1024];
                        while (written.get() < total) {
                            out.write(chunk);
                            written.addAndGet(chunk.length);
                        }
                        s.shutdownOutput();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long stalledAt = awaitStall(written);
                long directInUse = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() - directBefore;
                assertTrue(stalledAt < 64 * MIB, "sender should stall long before 256 MiB, stalled at " + stalledAt);
                assertTrue(directInUse < 32 * MIB, "appliance buffers stay bounded, direct memory grew by " + directInUse);
                backend.resume();
                writer.get(TestTimeouts.eventMillis() * 3, TimeUnit.MILLISECONDS);
                assertEquals(total, backend.received().get(TestTimeouts.eventMillis() * 3, TimeUnit.MILLISECONDS).bytes());
            }
        }
    }

    /**
     * A client that sends to an echo backend and never reads fills both directions (the echo blocks writing its
     * answer, so it stops reading too), then resets. The backend must be released at once: before, the relay
     * waited for the backend to read what was queued to it while the backend waited for the relay to read its
     * answer, until TCP's user timeout (never, with it off), holding both sockets outside every connection limit.
     */
    @Test
    void aClientThatNeverReadsAndResetsReleasesTheBackendAtOnce() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.ECHO, false)) {
            start(backend.port(), "{ user-timeout: off }");
            AtomicLong written = new AtomicLong();
            Socket s = connect();
            CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (Exception closedByTheTest) {
                    // the reset below ends the writer
                }
            });
            awaitStall(written);
            s.setSoLinger(true, 0);
            s.close();
            // The echo's connection ends (its input ends, or it is reset): completed either way, never left hanging.
            CompletableFuture<Object> ended = backend.received().handle((r, e) -> e == null ? r : e);
            ended.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
            assertTrue(ended.isDone());
        }
    }

    /** Waits until the writer has made no progress for 300 ms; returns the bytes written by then. */
    private static long awaitStall(AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TestTimeouts.eventMillis());
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = written.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(300);
        }
        throw new AssertionError("the sender never stalled; wrote " + written.get());
    }
}
