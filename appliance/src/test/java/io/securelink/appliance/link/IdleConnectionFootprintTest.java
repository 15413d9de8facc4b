package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an established, idle connection keeps, over real sockets (a plaintext client, a client link, mutual TLS
 * to a server link, an echo backend): each leg holds exactly the handlers it needs while it relays (one watch
 * per leg, which also reports a vanished peer), the server link keeps no copy of the peer's chain or address
 * beside its TLS session (revocation still finds the chain through the session), the verifier's note of the
 * matched pin has left the TLS session once the accept line was written, and the client link still records its
 * upstream's chain and address on the local channel. Every idle connection pays for whatever else it holds.
 */
class IdleConnectionFootprintTest {
    @TempDir
    Path dir;

    @Test
    void anEstablishedConnectionHoldsOnlyTheHandlersAndRecordsItNeeds() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("voice", "spiffe://carrier/voice");
        int in = FreePorts.next();
        try (LineEchoBackend backend = new LineEchoBackend();
             RunningAppliance app = RunningAppliance.start(dir, """
                     appliance: { id: footprint, site: lab, state-dir: state }
                     links:
                       edge-in:
                         mode: server
                         listen: 127.0.0.1:%d
                         forward: 127.0.0.1:%d
                         tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                         policy: { sources: ["127.0.0.0/8"] }
                       edge-out:
                         mode: client
                         listen: 127.0.0.1:%d
                         connect: ["127.0.0.1:%1$d"]
                         tls: { certificate: voice.crt, key: voice.key, trust: ca.crt, pins: ["%s"] }
                         policy: { sources: ["127.0.0.0/8"] }
                     """.formatted(in, backend.port(), client.pin(), FreePorts.next(), server.pin()));
             Socket s = new Socket("127.0.0.1", app.port("edge-out"))) {
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("echo:hello", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine());

            Channel tlsIn = only(app, "edge-in");
            Channel plainOut = only(app, "edge-out");
            Await.until(() -> names(tlsIn).contains("relay") && names(plainOut).contains("relay"), "both links relaying");
            Channel backendLeg = ((RelayHandler) tlsIn.pipeline().get("relay")).peer();
            Channel upstreamLeg = ((RelayHandler) plainOut.pipeline().get("relay")).peer();

            assertEquals(List.of("tls", "idle", "leg-end", "relay"), names(tlsIn), "server link, TLS leg");
            assertEquals(List.of("leg-end", "relay"), names(backendLeg), "server link, backend leg");
            assertEquals(List.of("idle", "leg-end", "relay"), names(plainOut), "client link, local leg");
            assertEquals(List.of("peer-loss", "tls", "leg-end", "relay"), names(upstreamLeg),
                    "client link, upstream leg: its own peer-loss handler sees failures during the handshake too");

            // Server link: the chain is read from the TLS session, not kept twice; the accept line took the pin note.
            assertFalse(tlsIn.hasAttr(PeerChain.KEY), "no copy of the peer chain on the channel");
            assertFalse(tlsIn.hasAttr(PeerChain.TLS_PEER), "no copy of the peer's address on the channel");
            List<X509Certificate> chain = PeerChain.of(tlsIn);
            assertFalse(chain.isEmpty(), "revocation still finds the peer's chain");
            assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("voice"), chain.get(0).getSubjectX500Principal().getName());
            assertEquals(0, tlsIn.pipeline().get(SslHandler.class).engine().getSession().getValueNames().length,
                    "the matched pin was noted on the session for the accept line, and taken off it then");
            assertFalse(tlsIn.hasAttr(PeerChain.KEY), "looking the chain up added no attribute");

            // Client link: the local channel records the upstream's chain and address (it has no TLS session of its own).
            assertEquals("CN=localhost", PeerChain.of(plainOut).get(0).getSubjectX500Principal().getName(), "the server link's certificate");
            assertEquals("127.0.0.1:" + in, PeerChain.peerOf(plainOut, "fallback"));
        }
    }

    private static Channel only(RunningAppliance app, String link) throws InterruptedException {
        Await.until(() -> app.runtime.listeners().get(link).state().connections().size() == 1, "one connection on " + link);
        return app.runtime.listeners().get(link).state().connections().iterator().next();
    }

    /** The handler names of a channel's pipeline, without Netty's own tail. */
    private static List<String> names(Channel ch) {
        return ch.pipeline().names().stream().filter(n -> !n.contains("TailContext")).toList();
    }
}
