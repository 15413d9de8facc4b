package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.DigestSinkBackend;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslCa;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.OpensslOcspResponder;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestTimeouts;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP at the handshake against the real {@code openssl ocsp} responder of an {@code openssl ca} CA, at
 * the address the certificates name in their AIA: good, revoked, unknown, responder down (soft lets the
 * peer in with an event, hard refuses), and answers signed by a key the CA never delegated to.
 */
class OcspRevocationTest {
    @TempDir
    Path dir;
    CarrierPki pki;
    OpensslCa.Issued signer;
    RunningLifecycle app;
    LineEchoBackend backend;
    int edgeIn;

    @BeforeEach
    void setUp() throws Exception {
        // Ask a failed responder again at once (production rests it for 5 s), so each case sees its own responder.
        System.setProperty("securelink.ocsp.retry-millis", "0");
        pki = new CarrierPki(dir);
        signer = pki.sub.ocspSigner("ocsp-signer");
        backend = new LineEchoBackend();
        edgeIn = FreePorts.next();
    }

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("securelink.ocsp.retry-millis");
        if (app != null) {
            app.close();
        }
        backend.close();
    }

    private void start(String mode) throws Exception {
        app = RunningLifecycle.start(dir, """
                appliance: { id: ocsp-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls:
                      certificate: sub-ca/server-chain.crt
                      key: sub-ca/server.key
                      trust: root-ca/ca.crt
                      revocation: { ocsp: %s, ocsp-timeout: 1s }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(edgeIn, backend.port(), mode));
    }

    private Processes.Result connect(OpensslCa.Issued site, String line) {
        return OpensslClient.send(edgeIn, site.cert(), site.key(), pki.root.certificate(), line,
                "-cert_chain", pki.sub.certificate().toString());
    }

    private OpensslOcspResponder responder() throws Exception {
        return new OpensslOcspResponder(pki.sub, signer.cert(), signer.key());
    }

    @Test
    void aGoodAnswerFromADelegatedResponderLetsThePeerInAndIsCached() throws Exception {
        try (OpensslOcspResponder r = responder()) {
            start("hard");
            assertTrue(connect(pki.siteB, "one").stdout().contains("echo:one"));
            assertEquals(1, app.lifecycle.status().links().get(0).revocation().ocspAnswersCached());
        }
        // The responder is gone: the cached answer still admits the peer.
        assertTrue(connect(pki.siteB, "two").stdout().contains("echo:two"));
        assertTrue(app.events.of(EventType.OCSP_UNAVAILABLE).isEmpty());
    }

    @Test
    void aRevokedAnswerIsRefusedWithSerialTimeAndReason() throws Exception {
        pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
        try (OpensslOcspResponder r = responder()) {
            start("soft");
            assertFalse(connect(pki.siteA, "a").stdout().contains("echo:a"));
            Event e = app.events.await(EventType.CERT_REVOKED);
            assertEquals(pki.siteA.serial().toString(16).toUpperCase(), e.fields().get("serial"));
            assertEquals("keyCompromise", e.fields().get("revocation-reason"));
            assertTrue(e.fields().get("source").startsWith("OCSP http://127.0.0.1:"), e.toString());
            assertTrue(connect(pki.siteB, "b").stdout().contains("echo:b"));
        }
    }

    @Test
    void anUnknownCertificateIsRefusedByHardAndLetInWithAnEventBySoft() throws Exception {
        OpensslCa.Issued stray = pki.sub.issueOffTheBooks("stray", "URI:spiffe://carrier/stray");
        try (OpensslOcspResponder r = responder()) {
            start("hard");
            assertFalse(connect(stray, "h").stdout().contains("echo:h"));
            assertTrue(app.events.await(EventType.CHAIN_REFUSED).message().contains("status unknown"));
            app.close();
            start("soft");
            assertTrue(connect(stray, "s").stdout().contains("echo:s"));
            assertTrue(app.events.await(EventType.OCSP_UNAVAILABLE).message().contains("status unknown"));
        }
    }

    @Test
    void aResponderThatIsDownLetsPeersInWithAnEventWhenSoftAndRefusesThemWhenHard() throws Exception {
        start("soft");
        assertTrue(connect(pki.siteB, "s").stdout().contains("echo:s"));
        Event e = app.events.await(EventType.OCSP_UNAVAILABLE);
        assertTrue(e.message().contains("admitted without revocation status"), e.message());
        app.close();
        start("hard");
        assertFalse(connect(pki.siteB, "h1").stdout().contains("echo:h1"));
        assertFalse(connect(pki.siteB, "h2").stdout().contains("echo:h2"));
        assertTrue(app.events.await(EventType.CHAIN_REFUSED).message().contains("ocsp: hard"));
        Event failing = app.events.await(EventType.OCSP_FAILING);
        assertEquals(EventType.Severity.ALERT, failing.type().severity());
        assertTrue(app.lifecycle.status().links().get(0).revocation().ocspFailing().keySet().stream()
                .anyMatch(u -> u.startsWith("http://127.0.0.1:" + pki.sub.ocspPort())), "status names the failing responder");
    }

    @Test
    void aResponderThatJustFailedIsNotWaitedForAgain() throws Exception {
        System.setProperty("securelink.ocsp.retry-millis", "60000");
        start("hard");
        assertFalse(connect(pki.siteB, "1").stdout().contains("echo:1"));
        long t0 = System.nanoTime();
        assertFalse(connect(pki.siteB, "2").stdout().contains("echo:2"));
        Event second = app.events.of(EventType.CHAIN_REFUSED).get(1);
        assertTrue(second.message().contains("failed moments ago"), second.message());
        assertTrue(System.nanoTime() - t0 < java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void anAnswerThatTurnsRevokedClosesExactlyThatPeersLiveConnection() throws Exception {
        System.setProperty("securelink.ocsp.cache-millis", "300");
        System.setProperty("securelink.ocsp.refresh-millis", "200");
        int outA = FreePorts.next();
        int outB = FreePorts.next();
        try (OpensslOcspResponder r = responder(); DigestSinkBackend sink = new DigestSinkBackend()) {
            app = RunningLifecycle.start(dir, """
                    appliance: { id: ocsp-live, site: lab, state-dir: state }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls:
                          certificate: sub-ca/server-chain.crt
                          key: sub-ca/server.key
                          trust: root-ca/ca.crt
                          revocation: { ocsp: soft, ocsp-timeout: 1s }
                        policy: { sources: ["127.0.0.0/8"] }
                      out-a:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%1$d"]
                        tls: { certificate: sub-ca/site-a-chain.crt, key: sub-ca/site-a.key, trust: root-ca/ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                      out-b:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%1$d"]
                        tls: { certificate: sub-ca/site-b-chain.crt, key: sub-ca/site-b.key, trust: root-ca/ca.crt }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(edgeIn, sink.port(), outA, outB));
            try (Socket a = new Socket("127.0.0.1", outA); Socket b = new Socket("127.0.0.1", outB)) {
                a.setSoTimeout((int) TestTimeouts.eventMillis());
                a.getOutputStream().write("a\n".getBytes(StandardCharsets.UTF_8));
                b.getOutputStream().write("b\n".getBytes(StandardCharsets.UTF_8));
                CrlRevocationTest.Await.liveOn(app, "edge-in", 2);
                pki.sub.revoke(pki.siteA.cert(), "affiliationChanged");
                Event closed = app.events.await(EventType.CONNECTION_REVOKED);
                assertEquals("affiliationChanged", closed.fields().get("revocation-reason"));
                assertTrue(closed.fields().get("source").startsWith("OCSP "), closed.toString());
                assertEquals(-1, a.getInputStream().read(), "the revoked peer's connection is closed");
                b.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
                b.shutdownOutput();
                b.setSoTimeout((int) TestTimeouts.eventMillis());
                String reply = new String(b.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(reply.startsWith("13 "), "the other peer's connection carried on: " + reply);
                assertEquals(1, app.events.of(EventType.CONNECTION_REVOKED).size());
            }
        } finally {
            System.clearProperty("securelink.ocsp.cache-millis");
            System.clearProperty("securelink.ocsp.refresh-millis");
        }
    }

    @Test
    void anAnswerSignedByAForeignKeyIsRefused() throws Exception {
        OpensslCa forger = OpensslCa.root(dir, "forger", "i14 Carrier Sub CA");
        try (OpensslOcspResponder r = new OpensslOcspResponder(pki.sub, forger.certificate(), forger.key())) {
            start("hard");
            assertFalse(connect(pki.siteB, "b").stdout().contains("echo:b"));
            Event e = app.events.await(EventType.CHAIN_REFUSED);
            assertTrue(e.message().contains("forged or foreign answer"), e.message());
        }
    }

    @Test
    void aResponderCertificateWithoutOcspSigningIsNotAcceptedAsADelegate() throws Exception {
        try (OpensslOcspResponder r = new OpensslOcspResponder(pki.sub, pki.siteA.cert(), pki.siteA.key())) {
            start("hard");
            assertFalse(connect(pki.siteB, "b").stdout().contains("echo:b"));
            Event e = app.events.await(EventType.CHAIN_REFUSED);
            assertTrue(e.message().contains("no id-kp-OCSPSigning"), e.message());
        }
    }
}
