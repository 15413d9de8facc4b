package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.appliance.support.DigestSinkBackend;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslCa;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestTimeouts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRLs made by {@code openssl ca -gencrl} after {@code openssl ca -revoke}, checked by a server link
 * against real {@code openssl s_client} peers and against the appliance's own client links: at the
 * handshake, and on connections that are already open when a new CRL lands on disk.
 */
class CrlRevocationTest {
    @TempDir
    Path dir;
    CarrierPki pki;
    RunningLifecycle app;
    int edgeIn;

    @BeforeEach
    void setUp() {
        pki = new CarrierPki(dir);
        edgeIn = FreePorts.next();
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private String serverLink(int backend, String crlStale) {
        return """
                appliance: { id: crl-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls:
                      certificate: sub-ca/server-chain.crt
                      key: sub-ca/server.key
                      trust: root-ca/ca.crt
                      revocation: { crl: [root.crl, sub.crl], crl-stale: %s }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(edgeIn, backend, crlStale);
    }

    private Processes.Result connect(OpensslCa.Issued site, String line) {
        return OpensslClient.send(edgeIn, site.cert(), site.key(), pki.root.certificate(), line,
                "-cert_chain", pki.sub.certificate().toString());
    }

    @Test
    void aRevokedLeafIsRefusedByTheCrlAndTheRefusalNamesSerialTimeAndReason() throws Exception {
        pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
        pki.sub.crl(pki.subCrl);
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            Processes.Result refused = connect(pki.siteA, "from-a");
            assertFalse(refused.stdout().contains("echo:from-a"), refused.all());
            Event e = app.events.await(EventType.CERT_REVOKED);
            assertEquals(pki.siteA.serial().toString(16).toUpperCase(), e.fields().get("serial"), e.toString());
            assertEquals("keyCompromise", e.fields().get("revocation-reason"));
            assertEquals("0", e.fields().get("chain-position"));
            assertTrue(e.message().contains("CN=site-a") && e.message().contains("revoked at ") && e.message().contains("presented [0]"),
                    e.message());
            Processes.Result admitted = connect(pki.siteB, "from-b");
            assertTrue(admitted.stdout().contains("echo:from-b"), admitted.all());
            // A second attempt with the revoked chain is refused again (nothing remembered lets it through).
            assertFalse(connect(pki.siteA, "again").stdout().contains("echo:again"));
            assertEquals(2, app.events.of(EventType.CERT_REVOKED).size());
            assertEquals(2L, app.lifecycle.status().links().get(0).decisions().get("revoked"));
        }
    }

    @Test
    void aRevokedIntermediateRefusesEveryLeafUnderIt() throws Exception {
        pki.root.revoke(pki.sub.certificate(), "cACompromise");
        pki.root.crl(pki.rootCrl);
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            Processes.Result refused = connect(pki.siteB, "from-b");
            assertFalse(refused.stdout().contains("echo:from-b"), refused.all());
            Event e = app.events.await(EventType.CERT_REVOKED);
            assertEquals("1", e.fields().get("chain-position"), e.toString());
            assertEquals("CN=i14 Carrier Sub CA", e.fields().get("revoked-subject"));
            assertEquals("cACompromise", e.fields().get("revocation-reason"));
        }
    }

    @Test
    void aChainAcceptedBeforeIsRefusedOnceTheNewCrlArrivesEvenThoughItIsRemembered() throws Exception {
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            assertTrue(connect(pki.siteA, "first").stdout().contains("echo:first"));
            pki.sub.revoke(pki.siteA.cert(), "superseded");
            pki.sub.crl(pki.subCrl);
            app.events.await(e -> e.type() == EventType.RELOAD_APPLIED, "reload on the new CRL");
            assertFalse(connect(pki.siteA, "second").stdout().contains("echo:second"));
            assertEquals("superseded", app.events.await(EventType.CERT_REVOKED).fields().get("revocation-reason"));
        }
    }

    @Test
    void aCrlReplacedOnDiskClosesExactlyTheRevokedPeersLiveConnectionWithinOneSecond() throws Exception {
        int outA = FreePorts.next();
        int outB = FreePorts.next();
        try (DigestSinkBackend backend = new DigestSinkBackend()) {
            String yaml = serverLink(backend.port(), "refuse") + """
                      out-a:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: sub-ca/site-a-chain.crt, key: sub-ca/site-a.key, trust: root-ca/ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                      out-b:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%2$d"]
                        tls: { certificate: sub-ca/site-b-chain.crt, key: sub-ca/site-b.key, trust: root-ca/ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(outA, edgeIn, outB);
            app = RunningLifecycle.start(dir, yaml);
            try (Socket a = new Socket(); Socket b = new Socket()) {
                a.connect(new InetSocketAddress("127.0.0.1", outA), (int) TestTimeouts.eventMillis());
                b.connect(new InetSocketAddress("127.0.0.1", outB), (int) TestTimeouts.eventMillis());
                a.getOutputStream().write("hello from a\n".getBytes(StandardCharsets.UTF_8));
                a.getOutputStream().flush();
                Await.liveOn(app, "edge-in", 2);
                CompletableFuture<Long> aClosedAt = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        InputStream in = a.getInputStream();
                        while (in.read() >= 0) {
                            // The sink never answers before end of input: anything read is unexpected but harmless.
                        }
                    } catch (java.io.IOException e) {
                        // A reset counts as closed.
                    }
                    aClosedAt.complete(System.nanoTime());
                });
                reader.setDaemon(true);
                reader.start();

                MessageDigest md = MessageDigest.getInstance("SHA-256");
                OutputStream out = b.getOutputStream();
                byte[] chunk = new byte[256 * 1024];
                Random rnd = new Random(14);
                long replacedAt = 0;
                Instant replacedWall = null;
                for (int i = 0; i < 40; i++) {
                    rnd.nextBytes(chunk);
                    md.update(chunk);
                    out.write(chunk);
                    if (i == 12) {
                        pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
                        Path next = pki.sub.crl(dir.resolve("sub-next.crl"));
                        replacedAt = System.nanoTime();
                        replacedWall = Instant.now();
                        Files.move(next, pki.subCrl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                long closedAt = aClosedAt.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(closedAt - replacedAt);
                Instant decided = app.events.await(EventType.CONNECTION_REVOKED).time();
                System.out.println("revoked peer's live connection closed " + millis + " ms after the CRL was replaced (revocation found after "
                        + Duration.between(replacedWall, decided).toMillis() + " ms)");
                assertTrue(millis < 1000, "closed after " + millis + " ms");

                b.shutdownOutput();
                String reply = new String(b.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                assertEquals(40L * chunk.length + " " + HexFormat.of().formatHex(md.digest()), reply,
                        "the other peer's 10 MiB arrive byte-exact");
            }
            Event closed = app.events.await(EventType.CONNECTION_REVOKED);
            assertEquals("edge-in", closed.link());
            assertTrue(closed.fields().get("identity").contains("uri:spiffe://carrier/site-a"), closed.toString());
            assertEquals(pki.siteA.serial().toString(16).toUpperCase(), closed.fields().get("serial"));
            assertEquals("keyCompromise", closed.fields().get("revocation-reason"));
            assertEquals(1, app.events.of(EventType.CONNECTION_REVOKED).size(), "only the revoked peer's connection");
            LinkStatus in = app.lifecycle.status().links().stream().filter(l -> l.name().equals("edge-in")).findFirst().orElseThrow();
            assertEquals(1, in.revocation().closedForRevocation());
        }
    }

    @Test
    void aStaleCrlRefusesPeersUnderCrlStaleRefuseAndRaisesAnAlert() throws Exception {
        Instant now = Instant.now();
        pki.sub.crl(pki.subCrl, now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(1)));
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            Event alert = app.events.await(EventType.CRL_UNUSABLE);
            assertEquals("stale", alert.fields().get("state"), alert.toString());
            assertEquals(EventType.Severity.ALERT, alert.type().severity());
            assertFalse(connect(pki.siteB, "from-b").stdout().contains("echo:from-b"));
            Event refused = app.events.await(EventType.CHAIN_REFUSED);
            assertTrue(refused.message().contains("stale"), refused.message());
            assertEquals("stale", crlState("sub.crl"));
        }
    }

    @Test
    void aStaleCrlOnlyWarnsUnderCrlStaleWarnButStillRefusesWhatItLists() throws Exception {
        Instant now = Instant.now();
        pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
        pki.sub.crl(pki.subCrl, now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(1)));
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "warn"));
            Event alert = app.events.await(EventType.CRL_UNUSABLE);
            assertEquals("warn", alert.fields().get("crl-stale"));
            assertTrue(connect(pki.siteB, "from-b").stdout().contains("echo:from-b"));
            assertFalse(connect(pki.siteA, "from-a").stdout().contains("echo:from-a"));
            app.events.await(EventType.CERT_REVOKED);
        }
    }

    @Test
    void aCrlDueWithinADayRaisesAWarning() throws Exception {
        Instant now = Instant.now();
        pki.sub.crl(pki.subCrl, now.minus(Duration.ofDays(6)), now.plus(Duration.ofHours(3)));
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            Event warning = app.events.await(EventType.CRL_EXPIRING);
            assertEquals(EventType.Severity.WARNING, warning.type().severity());
            assertTrue(connect(pki.siteB, "from-b").stdout().contains("echo:from-b"));
            assertEquals("expiring", crlState("sub.crl"));
        }
    }

    @Test
    void aCrlSignedByAForeignKeyUnderTheRootsNameIsRejectedAndAlerted() throws Exception {
        OpensslCa impostor = OpensslCa.root(dir, "impostor-ca", "i14 Carrier Root CA");
        impostor.crl(pki.rootCrl);
        try (LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, serverLink(backend.port(), "refuse"));
            Event alert = app.events.await(EventType.CRL_UNUSABLE);
            assertEquals("bad-signature", alert.fields().get("state"), alert.toString());
            assertFalse(connect(pki.siteB, "from-b").stdout().contains("echo:from-b"));
            assertTrue(app.events.await(EventType.CHAIN_REFUSED).message().contains("not signed by that CA's key"));
        }
    }

    private String crlState(String file) {
        return app.lifecycle.status().links().get(0).revocation().crls().stream()
                .filter(c -> c.file().endsWith(file)).findFirst().orElseThrow().state();
    }

    /** Waits on status counters (no event exists for "a relay is up"): connections live and past their handshake. */
    static final class Await {
        static void liveOn(RunningLifecycle app, String link, int live) throws InterruptedException {
            io.securelink.appliance.support.Await.until(() -> app.lifecycle.status().links().stream()
                    .anyMatch(l -> l.name().equals(link) && l.liveConnections() >= live && l.handshakesInFlight() == 0),
                    live + " live connections past their handshake on " + link);
        }
    }
}
