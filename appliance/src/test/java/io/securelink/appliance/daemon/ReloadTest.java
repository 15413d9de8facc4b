package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.StreamBackend;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing a running appliance: a valid config applies atomically without cutting live connections; an
 * invalid one is refused with the check-config messages and the running config stays in force; a
 * certificate replaced on disk is used for new handshakes while old connections carry on.
 */
class ReloadTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair client;
    int edgeIn;
    int edgeOut;
    RunningLifecycle app;

    @BeforeEach
    void setUp() {
        pki = new TestPki(dir);
        pki.server("server");
        client = pki.client("site", "spiffe://site/042");
        edgeIn = FreePorts.next();
        edgeOut = FreePorts.next();
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private static String askedReloadsOnly(String yaml) {
        return yaml.replace("state-dir: state }", "state-dir: state, watch-config: false }");
    }

    private String config(int backendPort, String sources, int maxConnections) {
        return """
                appliance: { id: reload-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] }
                    policy: { sources: [%s], max-connections: %d }
                  edge-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%1$d"]
                    tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt] }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(edgeIn, backendPort, sources, maxConnections, edgeOut);
    }

    @Test
    void aHundredMebibyteTransferFlowsByteExactAcrossTwentyPolicyReloads() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.SINK, false)) {
            // Reloads only when asked (appliance.watch-config: false): the file watcher would otherwise race
            // the explicit reload and leave it nothing to apply.
            app = RunningLifecycle.start(dir, askedReloadsOnly(config(backend.port(), "\"127.0.0.0/8\"", 500)));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            int reloads = 0;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", edgeOut), (int) TestTimeouts.eventMillis());
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[1024 * 1024];
                Random rnd = new Random(3);
                for (int i = 0; i < 100; i++) {
                    rnd.nextBytes(chunk);
                    md.update(chunk);
                    out.write(chunk);
                    if (i % 5 == 2) {
                        app.rewrite(askedReloadsOnly(config(backend.port(), "\"127.0.0.0/8\", \"10.0.0.0/8\"", 500 + i)));
                        ApplianceLifecycle.ReloadOutcome o = app.lifecycle.reload("test " + i);
                        assertTrue(o.applied(), o.toString());
                        assertNotEquals(o.digestBefore(), o.digestAfter());
                        reloads++;
                    }
                }
                s.shutdownOutput();
                StreamBackend.Received r = backend.received().get(TestTimeouts.eventMillis() * 3, TimeUnit.MILLISECONDS);
                assertEquals(100 * MIB, r.bytes());
                assertEquals(HexFormat.of().formatHex(md.digest()), r.sha256());
            }
            assertEquals(20, reloads);
            assertEquals(20, app.events.of(EventType.RELOAD_APPLIED).size());
        }
    }

    @Test
    void aNewPolicyAppliesToNewConnectionsWhileALiveOneKeepsItsSnapshot() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.ECHO, false)) {
            app = RunningLifecycle.start(dir, config(backend.port(), "\"127.0.0.0/8\"", 500));
            try (Socket live = new Socket("127.0.0.1", edgeOut)) {
                live.setSoTimeout((int) TestTimeouts.eventMillis());
                live.getOutputStream().write("before\n".getBytes(StandardCharsets.UTF_8));
                assertEquals('b', live.getInputStream().read());
                // Deny everyone on edge-in: the live connection was admitted under the old snapshot.
                app.rewrite(config(backend.port(), "\"10.99.0.0/16\"", 500));
                assertTrue(app.lifecycle.reload("test").applied());
                live.getOutputStream().write("after\n".getBytes(StandardCharsets.UTF_8));
                byte[] rest = new byte["efore\nafter\n".length()];
                int n = 0;
                while (n < rest.length) {
                    n += live.getInputStream().read(rest, n, rest.length - n);
                }
                assertEquals("efore\nafter\n", new String(rest, StandardCharsets.UTF_8));
                Processes.Result r = OpensslClient.send(edgeIn, client.cert(), client.key(), pki.caFile(), "new");
                assertFalse(r.stdout().contains("new"), r.all());
                app.events.await(e -> e.type() == EventType.CONNECTION_DENIED && e.link().equals("edge-in"), "denied after reload");
            }
        }
    }

    @Test
    void badReloadsAreRefusedAndTheRunningPolicyStillHolds() throws Exception {
        try (LineEchoBackend backend = new LineEchoBackend()) {
            String good = config(backend.port(), "\"127.0.0.0/8\"", 500);
            app = RunningLifecycle.start(dir, good);
            String digest = app.lifecycle.config().digest();

            app.rewrite(good.replace("mode: server", "mode: [server"));
            ApplianceLifecycle.ReloadOutcome syntax = app.lifecycle.reload("test");
            assertFalse(syntax.applied());
            assertTrue(syntax.problems().get(0).contains("YAML syntax error"), syntax.toString());

            app.rewrite(good.replace("certificate: server.crt", "certificate: gone.crt"));
            ApplianceLifecycle.ReloadOutcome missing = app.lifecycle.reload("test");
            assertFalse(missing.applied());
            assertTrue(missing.problems().toString().contains("gone.crt does not exist"), missing.toString());

            app.rewrite(good.replace("key: server.key", "key: site.key"));
            ApplianceLifecycle.ReloadOutcome mismatch = app.lifecycle.reload("test");
            assertFalse(mismatch.applied());
            assertTrue(mismatch.problems().toString().contains("does not match"), mismatch.toString());

            assertEquals(digest, app.lifecycle.config().digest());
            assertEquals(3, app.events.of(EventType.RELOAD_REFUSED).size());
            Processes.Result r = OpensslClient.send(edgeIn, client.cert(), client.key(), pki.caFile(), "still-here");
            assertTrue(r.stdout().contains("echo:still-here"), r.all());
        }
    }

    @Test
    void aRotatedCertificateIsPickedUpFromDiskWhileAnOldConnectionStaysUp() throws Exception {
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.ECHO, false)) {
            app = RunningLifecycle.start(dir, config(backend.port(), "\"127.0.0.0/8\"", 500)
                    .replace("pin-certificates: [server.crt]", "pin-certificates: [ca.crt]"));
            try (Socket live = new Socket("127.0.0.1", edgeOut)) {
                live.setSoTimeout((int) TestTimeouts.eventMillis());
                live.getOutputStream().write('x');
                assertEquals('x', live.getInputStream().read());
                String oldSerial = serialSeenBy(edgeIn);

                TestPki.Pair rotated = pki.server("server-next");
                Files.move(rotated.key(), dir.resolve("server.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(rotated.cert(), dir.resolve("server.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Event applied = app.events.await(e -> e.type() == EventType.RELOAD_APPLIED, "reload on file change");
                assertTrue(applied.fields().get("trigger").startsWith("file changed: "), applied.toString());

                String newSerial = serialSeenBy(edgeIn);
                assertNotEquals(oldSerial, newSerial);
                assertEquals(rotated.leaf().getSerialNumber().toString(16).toUpperCase(), newSerial.replaceFirst("^0+", ""));

                live.getOutputStream().write('y');
                assertEquals('y', live.getInputStream().read(), "the connection made before the rotation is still up");
            }
        }
    }

    /** The serial number of the certificate openssl s_client sees on a port. */
    private String serialSeenBy(int port) {
        Processes.Result r = Processes.run(null, new byte[0], "bash", "-c",
                "openssl s_client -connect 127.0.0.1:" + port + " -cert '" + client.cert() + "' -key '" + client.key()
                        + "' </dev/null 2>/dev/null | openssl x509 -noout -serial");
        assertTrue(r.stdout().startsWith("serial="), r.all());
        return r.stdout().trim().substring("serial=".length());
    }
}
