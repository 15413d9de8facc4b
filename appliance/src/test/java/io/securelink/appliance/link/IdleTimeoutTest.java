package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link's idle timeout over a real socket: a connection on which nothing arrives is closed by the
 * appliance after {@code timeouts.idle}, well before the (longer) handshake timeout would end it.
 */
class IdleTimeoutTest {
    @TempDir
    Path dir;
    RunningAppliance appliance;
    LineEchoBackend backend;

    @AfterEach
    void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        backend = new LineEchoBackend();
        appliance = RunningAppliance.start(dir, """
                appliance: { id: test-idle, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, client-auth: required }
                    timeouts: { handshake: 60s, idle: 1s }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), backend.port()));
        try (Socket s = new Socket("127.0.0.1", appliance.port("voice-in"))) {
            s.setSoTimeout(30_000);   // a bound on the test, far above the 1 s under test
            long t0 = System.nanoTime();
            int first;
            try (InputStream in = s.getInputStream()) {
                first = in.read();
            } catch (SocketException reset) {
                first = -1;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(-1, first, "the appliance closed the connection without sending anything");
            assertTrue(ms >= 900, "closed after " + ms + " ms, before the idle timeout of 1 s");
            assertTrue(ms < 30_000, "closed by the idle timeout, not the 60 s handshake timeout");
        }
        assertEquals(0, backend.accepted(), "the backend never saw the silent client");
    }
}
