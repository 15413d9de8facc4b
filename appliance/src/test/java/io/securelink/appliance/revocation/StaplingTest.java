package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.securelink.appliance.audit.TlsProbe;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslCa;
import io.securelink.appliance.support.OpensslOcspResponder;
import io.securelink.appliance.support.OpensslServer;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestTimeouts;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling with tcnative: a server link staples the answer about its own certificate (seen by
 * {@code openssl s_client -status}); a client link asks for a staple and refuses a server
 * ({@code openssl s_server -status_file}) whose stapled answer says revoked.
 */
class StaplingTest {
    @TempDir
    Path dir;
    CarrierPki pki;
    OpensslCa.Issued signer;
    RunningLifecycle app;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(OpenSsl.isAvailable() && OpenSsl.isOcspSupported(), "stapling needs netty-tcnative");
        pki = new CarrierPki(dir);
        signer = pki.sub.ocspSigner("ocsp-signer");
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aServerLinkStaplesTheAnswerAboutItsOwnCertificate() throws Exception {
        int edgeIn = FreePorts.next();
        try (OpensslOcspResponder r = new OpensslOcspResponder(pki.sub, signer.cert(), signer.key());
             LineEchoBackend backend = new LineEchoBackend()) {
            app = RunningLifecycle.start(dir, """
                    appliance: { id: staple-test, site: lab, state-dir: state }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls:
                          certificate: sub-ca/server-chain.crt
                          key: sub-ca/server.key
                          trust: root-ca/ca.crt
                          revocation: { crl: [sub.crl], staple: true }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(edgeIn, backend.port()));
            Await.until(() -> app.lifecycle.runtime().listeners().get("edge-in").state().snapshot().tls().stapling(), "staple fetched");
            Processes.Result s = Processes.run(null, "hi\n".getBytes(StandardCharsets.UTF_8), "openssl", "s_client", "-connect",
                    "127.0.0.1:" + edgeIn, "-status", "-CAfile", pki.root.certificate().toString(), "-cert", pki.siteB.cert().toString(),
                    "-key", pki.siteB.key().toString(), "-cert_chain", pki.sub.certificate().toString(), "-ign_eof");
            assertTrue(s.stdout().contains("OCSP Response Status: successful"), s.all());
            assertTrue(s.stdout().contains("Cert Status: good"), s.all());
            assertTrue(s.stdout().contains("echo:hi"), s.all());

            // audit --probe says so.
            TlsProbe.Result probed = new TlsProbe(HostPort.parse("127.0.0.1:" + edgeIn), java.util.Optional.of(pki.siteB.chain()),
                    java.util.Optional.of(pki.siteB.key()), java.time.Duration.ofSeconds(5)).probe();
            assertEquals("good", probed.staple());
            assertTrue(TlsProbe.findings("probe", probed, java.util.List.of(), java.time.Instant.now()).stream()
                    .anyMatch(f -> f.id().equals("probe.ocsp-stapled")));
        }
    }

    private Path stapledAnswerAboutServer() {
        Path req = dir.resolve("server-req.der");
        Path resp = dir.resolve("server-resp.der");
        Processes.ok(dir, "openssl", "ocsp", "-issuer", pki.sub.certificate().toString(), "-cert", pki.server.cert().toString(),
                "-no_nonce", "-reqout", req.toString());
        Processes.ok(dir, "openssl", "ocsp", "-index", pki.sub.index().toString(), "-rsigner", signer.cert().toString(),
                "-rkey", signer.key().toString(), "-CA", pki.sub.certificate().toString(), "-reqin", req.toString(),
                "-respout", resp.toString(), "-ndays", "1");
        return resp;
    }

    private int clientLinkTo(OpensslServer server) throws Exception {
        int out = FreePorts.next();
        app = RunningLifecycle.start(dir, """
                appliance: { id: staple-client, site: lab, state-dir: state }
                links:
                  out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%d"]
                    tls:
                      certificate: sub-ca/site-a-chain.crt
                      key: sub-ca/site-a.key
                      trust: root-ca/ca.crt
                      revocation: { staple: true }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(out, server.port()));
        return out;
    }

    private String roundTrip(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            s.getOutputStream().write("abc\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.UTF_8);
        } catch (java.net.SocketException closed) {
            return "closed: " + closed.getMessage();
        }
    }

    @Test
    void aClientLinkAcceptsAGoodStapleAndRefusesAServerWhoseStapleSaysRevoked() throws Exception {
        Path good = stapledAnswerAboutServer();
        try (OpensslServer server = new OpensslServer(pki.server.cert(), pki.server.key(), pki.root.certificate(),
                "-cert_chain", pki.sub.certificate().toString(), "-status_file", good.toString())) {
            int out = clientLinkTo(server);
            assertEquals("cba\n", roundTrip(out));
            assertTrue(app.events.of(EventType.CERT_REVOKED).isEmpty());
        }
        app.close();
        app = null;
        pki.sub.revoke(pki.server.cert(), "keyCompromise");
        Path revoked = stapledAnswerAboutServer();
        try (OpensslServer server = new OpensslServer(pki.server.cert(), pki.server.key(), pki.root.certificate(),
                "-cert_chain", pki.sub.certificate().toString(), "-status_file", revoked.toString())) {
            int out = clientLinkTo(server);
            assertFalse(roundTrip(out).startsWith("cba"));
            Event e = app.events.await(EventType.CERT_REVOKED);
            assertEquals(pki.server.serial().toString(16).toUpperCase(), e.fields().get("serial"));
            assertTrue(e.fields().get("source").startsWith("OCSP response stapled by the server"), e.toString());
        }
    }
}
