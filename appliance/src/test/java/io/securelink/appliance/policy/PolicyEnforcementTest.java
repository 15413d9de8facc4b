package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.EventType;
import io.securelink.appliance.link.LinkState;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RawConnection;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy on a real listener: refused sources and connections over a limit are closed before any TLS
 * byte is sent, every decision is counted by reason, and the verified identity picks the backend.
 */
class PolicyEnforcementTest {
    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair voice;
    TestPki.Pair ops;
    RunningAppliance app;

    @BeforeEach
    void setUp() {
        pki = new TestPki(dir);
        pki.server("server");
        voice = pki.client("voice", "spiffe://carrier/voice");
        ops = pki.save("ops", pki.ca.issue(io.securelink.crypto.LeafSpec.server("gw1.ops.carrier.example",
                List.of("gw1.ops.carrier.example"), List.of())));
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private String link(String policy, int forward) {
        return """
                appliance: { id: policy-test, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: %s
                """.formatted(FreePorts.next(), forward, policy);
    }

    private LinkState state() {
        return app.runtime.listeners().get("voice-in").state();
    }

    @Test
    void aSourceOutsideTheListIsClosedBeforeAnyTlsAndCounted() throws Exception {
        app = RunningAppliance.start(dir, link("{ sources: [\"10.0.0.0/8\"] }", 9));
        assertTrue(RawConnection.closedWithoutAnswer(app.port("voice-in")));
        app.events.await(e -> e.type() == EventType.CONNECTION_DENIED && e.message().contains("default deny: not in sources"), "denied");
        assertEquals(1, state().admission().counters().get(Verdict.SOURCE_DENIED));
        assertTrue(state().stats().handshakeFailures().isEmpty(), "no TLS work was spent");
    }

    @Test
    void connectionsOverThePerSourceLimitAreRefusedBeforeTls() throws Exception {
        app = RunningAppliance.start(dir, link("{ sources: [\"127.0.0.0/8\"], max-connections-per-source: 2 }", 9));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket("127.0.0.1", app.port("voice-in"));
                held.add(s);
            }
            Await.until(() -> state().admission().live() == 2, "two connections admitted");
            assertTrue(RawConnection.closedWithoutAnswer(app.port("voice-in")));
            app.events.await(e -> e.type() == EventType.LIMIT_HIT && e.message().contains("max-connections-per-source 2"), "limit");
            assertEquals(1, state().admission().counters().get(Verdict.OVER_LIMIT));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aPeerThatGivesUpDuringTheHandshakeFreesItsSlotAtOnce() throws Exception {
        app = RunningAppliance.start(dir, link("{ sources: [\"127.0.0.0/8\"] }", 9));
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", app.port("voice-in"))) {
            Await.until(() -> state().admission().live() == 1, "admitted");
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            s.shutdownOutput();
            Await.until(() -> state().admission().live() == 0, "slot freed");
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "freed long before the 10 s handshake timeout");
    }

    @Test
    void aBurstFromOneSourceIsCutToTheBucketSize() throws Exception {
        app = RunningAppliance.start(dir, link("{ sources: [\"127.0.0.0/8\"], rate: { per-source: 1/s, burst: 20 }, max-handshakes-in-flight-per-source: unlimited }", 9)
                .replace("tls: {", "timeouts: { handshake: 1s }\n    tls: {"));
        for (int i = 0; i < 60; i++) {
            try (Socket s = new Socket("127.0.0.1", app.port("voice-in"))) {
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
                s.shutdownOutput();
            } catch (SocketException refusedBeforeWeWrote) {
                // A rate-limited attempt is closed on accept; the reset may reach our write. Counted below.
            }
        }
        DecisionCounters c = state().admission().counters();
        Await.until(() -> c.get(Verdict.RATE_LIMITED) + c.get(Verdict.ALLOWED) == 60, "all 60 attempts decided");
        long limited = c.get(Verdict.RATE_LIMITED);
        long allowed = c.get(Verdict.ALLOWED);
        // 20 from the burst, plus at most a few refilled at 1/s while the burst was sent.
        assertTrue(allowed >= 20 && allowed <= 25, "allowed " + allowed);
        assertTrue(limited >= 35, "rate-limited " + limited);
    }

    @Test
    void theVerifiedIdentityPicksTheBackend() throws Exception {
        try (LineEchoBackend voiceBackend = new LineEchoBackend(); LineEchoBackend opsBackend = new LineEchoBackend()) {
            app = RunningAppliance.start(dir, """
                    appliance: { id: route-test, site: lab, state-dir: state }
                    links:
                      voice-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                        policy:
                          sources: ["127.0.0.0/8"]
                          routes:
                            - peers: ["uri:spiffe://carrier/voice"]
                              forward: 127.0.0.1:%d
                            - peers: ["dns:*.ops.carrier.example"]
                              forward: 127.0.0.1:%d
                    """.formatted(FreePorts.next(), voiceBackend.port(), opsBackend.port()));
            int port = app.port("voice-in");
            Processes.Result v = OpensslClient.send(port, voice.cert(), voice.key(), pki.caFile(), "to-voice");
            assertTrue(v.stdout().contains("echo:to-voice"), v.all());
            Processes.Result o = OpensslClient.send(port, ops.cert(), ops.key(), pki.caFile(), "to-ops");
            assertTrue(o.stdout().contains("echo:to-ops"), o.all());
            assertEquals(1, voiceBackend.accepted());
            assertEquals(1, opsBackend.accepted());

            TestPki.Pair stranger = pki.client("stranger", "spiffe://carrier/stranger");
            Processes.Result s = OpensslClient.send(port, stranger.cert(), stranger.key(), pki.caFile(), "nowhere");
            assertFalse(s.stdout().contains("echo:"), s.all());
            app.events.await(EventType.NO_ROUTE);
            assertEquals(1, state().admission().counters().get(Verdict.NO_ROUTE));
        }
    }
}
