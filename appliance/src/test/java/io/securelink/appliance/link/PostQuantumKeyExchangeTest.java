package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.status.EventJournal;
import io.securelink.appliance.status.FleetView;
import io.securelink.appliance.status.JvmHealth;
import io.securelink.appliance.status.StatusJson;
import io.securelink.appliance.status.StatusTopics;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.StreamBackend;
import java.time.Duration;
import java.time.Instant;
import io.securelink.appliance.support.BcJssePeer;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.OpensslServer;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Post-quantum key exchange on real handshakes: securelink to securelink, and both directions with an
 * independent implementation (Bouncy Castle's JSSE), negotiate X25519MLKEM768 and both ends report it;
 * Debian 12's classical-only {@code openssl s_client} still gets X25519 on a default link, and a link
 * with {@code require-post-quantum} refuses it, saying what it offered.
 */
class PostQuantumKeyExchangeTest {
    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair server;
    TestPki.Pair site;
    LineEchoBackend backend;
    RunningAppliance appliance;

    @BeforeEach
    void pki() throws Exception {
        pki = new TestPki(dir);
        server = pki.server("server");
        site = pki.client("site", "spiffe://site/042");
        backend = new LineEchoBackend();
    }

    @AfterEach
    void stop() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        backend.close();
        System.clearProperty("securelink.tls.provider");
    }

    private String serverLink(String extraTls) {
        return """
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, client-auth: required,
                           pin-certificates: [site.crt], peers: ["uri:spiffe://site/042"] %s}
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), backend.port(), extraTls);
    }

    private String clientLink(int serverPort) {
        return """
                  edge-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%d"]
                    tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt], peers: ["dns:localhost"] }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), serverPort);
    }

    private void start(String links) throws Exception {
        appliance = RunningAppliance.start(dir, "appliance: { id: test-pq, site: lab, state-dir: state }\nlinks:\n" + links);
    }

    private LinkStats stats(String link) {
        return appliance.runtime.listeners().get(link).state().stats();
    }

    private String sendPlain(int port, String line) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "bc"})
    void securelinkClientIntoSecurelinkServerNegotiatesX25519MLKEM768(String provider) throws Exception {
        System.setProperty("securelink.tls.provider", provider);
        String in = serverLink("");
        int inPort = Integer.parseInt(in.replaceAll("(?s).*listen: 127.0.0.1:(\\d+).*", "$1"));
        start(in + clientLink(inPort));
        assertEquals("echo:pq-1", sendPlain(appliance.port("edge-out"), "pq-1"));
        Await.until(() -> stats("edge-in").groups().containsKey("X25519MLKEM768"), "server side counts X25519MLKEM768");
        assertEquals(Map.of("X25519MLKEM768", 1L), stats("edge-in").groups());
        assertEquals(Map.of("X25519MLKEM768", 1L), stats("edge-out").groups());
    }

    @Test
    void statusHeartbeatAndFleetCountPostQuantumGroupsAndLiveConnections() throws Exception {
        try (StreamBackend echo = new StreamBackend(StreamBackend.Mode.ECHO, false)) {
            String in = serverLink("").replace("forward: 127.0.0.1:" + backend.port(), "forward: 127.0.0.1:" + echo.port());
            int inPort = Integer.parseInt(in.replaceAll("(?s).*listen: 127.0.0.1:(\\d+).*", "$1"));
            start(in + clientLink(inPort));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", appliance.port("edge-out")), (int) TestTimeouts.eventMillis());
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                s.getOutputStream().write("live\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("live", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
                Await.until(() -> stats("edge-in").livePostQuantum() == 1 && stats("edge-out").livePostQuantum() == 1, "both ends count a live pq connection");

                ApplianceStatus st = appliance.runtime.status(Instant.now());
                JsonNode hb = StatusJson.status(st, "test", Duration.ofSeconds(5), JvmHealth.now(),
                        new EventJournal.Stats(0, 0, 0, 0, 0, 0), 0, null);
                assertEquals(2, hb.path("live-post-quantum").asLong(), hb.toString());
                for (JsonNode l : hb.path("links")) {
                    assertEquals("offered", l.path("post-quantum").asText(), l.toString());
                    assertEquals(1, l.path("groups").path("X25519MLKEM768").asLong(), l.toString());
                    assertEquals(1.0, l.path("pq-share").asDouble(), l.toString());
                    assertEquals("[\"X25519MLKEM768\",\"X25519\",\"P-256\"]", l.path("groups-offered").toString());
                }
                FleetView fleet = new FleetView("securelink");
                fleet.accept(new StatusTopics("securelink", "lab", "test-pq").status(), StatusJson.mapper().writeValueAsBytes(hb));
                FleetView.Row row = fleet.rows(Instant.now()).get(0);
                assertEquals(2, row.livePostQuantum());
                assertTrue(fleet.table(Instant.now()).contains("2/2"), fleet.table(Instant.now()));
            }
            Await.until(() -> stats("edge-in").livePostQuantum() == 0 && stats("edge-out").livePostQuantum() == 0, "live pq count drops on close");
        }
    }

    @Test
    void bouncyCastleClientIntoSecurelinkServerNegotiatesX25519MLKEM768() throws Exception {
        start(serverLink(""));
        BcJssePeer.ClientResult r = BcJssePeer.send(appliance.port("edge-in"), site.credentials(), pki.ca.certificate(),
                List.of("X25519MLKEM768", "x25519"), "bc-1");
        assertEquals("echo:bc-1", r.reply());
        assertEquals("X25519MLKEM768", r.group());
        Await.until(() -> !stats("edge-in").groups().isEmpty(), "server side counts the group");
        assertEquals(Map.of("X25519MLKEM768", 1L), stats("edge-in").groups());
    }

    @Test
    void securelinkClientIntoBouncyCastleServerNegotiatesX25519MLKEM768() throws Exception {
        try (BcJssePeer.Server bc = new BcJssePeer.Server(server.credentials(), pki.ca.certificate(), List.of("X25519MLKEM768", "x25519", "secp256r1"))) {
            start(clientLink(bc.port()));
            assertEquals("echo:to-bc", sendPlain(appliance.port("edge-out"), "to-bc"));
            assertEquals(List.of("X25519MLKEM768"), bc.negotiatedGroups());
            assertEquals(Map.of("X25519MLKEM768", 1L), stats("edge-out").groups());
        }
    }

    @Test
    void onTheJdkProviderStatusSaysThereIsNoPostQuantumProtectionAndARequiringLinkDoesNotStart() throws Exception {
        System.setProperty("securelink.tls.provider", "jdk");
        start(serverLink(""));
        ApplianceStatus st = appliance.runtime.status(Instant.now());
        assertTrue(st.tlsProvider().contains("NO post-quantum key exchange"), st.tlsProvider());
        assertEquals("none", st.links().get(0).keyExchange().protection());
        assertEquals(List.of("X25519", "P-256"), st.links().get(0).keyExchange().offered());
        appliance.close();
        appliance = null;
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> start(serverLink(", require-post-quantum: true")));
        assertTrue(String.valueOf(e.getMessage()).contains("cannot negotiate a post-quantum group"), String.valueOf(e.getMessage()));
    }

    @Test
    void aRequiringClientLinkRefusesAClassicalOnlyServerAndSaysSo() throws Exception {
        try (OpensslServer classical = new OpensslServer(server.cert(), server.key(), pki.caFile())) {
            start(clientLink(classical.port()).replace("peers: [\"dns:localhost\"] }", "peers: [\"dns:localhost\"], require-post-quantum: true }"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", appliance.port("edge-out")), (int) TestTimeouts.eventMillis());
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                int first;
                try {
                    first = s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1; // not served is an abort (reset), never a clean empty answer
                }
                assertEquals(-1, first, "the local connection is closed, nothing relayed");
            }
            Event e = appliance.events.await(ev -> ev.type() == EventType.HANDSHAKE_FAILED, "handshake refused");
            assertTrue(e.message().contains("accepted none of the post-quantum groups offered (X25519MLKEM768)"), e.message());
            assertEquals(Map.of("not-post-quantum", 1L), stats("edge-out").handshakeFailures());
        }
    }

    @Test
    void pinConnectShowsTheGroupTheLinkChose() throws Exception {
        start(serverLink(""));
        CliRun r = CliRun.of("pin", "--connect", "127.0.0.1:" + appliance.port("edge-in"));
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("key-exchange X25519MLKEM768 (post-quantum)"), r.out);
    }

    @Test
    void classicalOpensslClientGetsX25519OnADefaultLink() throws Exception {
        start(serverLink(""));
        Processes.Result r = OpensslClient.send(appliance.port("edge-in"), site.cert(), site.key(), pki.caFile(), "classic");
        assertTrue(r.stdout().contains("echo:classic"), r.all());
        assertTrue(r.all().contains("Server Temp Key: X25519"), r.all());
        Await.until(() -> !stats("edge-in").groups().isEmpty(), "server side counts the group");
        assertEquals(Map.of("X25519", 1L), stats("edge-in").groups());
    }

    @Test
    void requirePostQuantumRefusesAClassicalOpensslClientAndSaysWhatItOffered() throws Exception {
        start(serverLink(", require-post-quantum: true"));
        Processes.Result r = OpensslClient.send(appliance.port("edge-in"), site.cert(), site.key(), pki.caFile(), "classic");
        assertFalse(r.stdout().contains("echo:classic"), r.all());
        Event e = appliance.events.await(ev -> ev.type() == EventType.HANDSHAKE_FAILED, "handshake refused");
        assertTrue(e.message().contains("X25519"), e.message());
        assertTrue(e.message().contains("post-quantum"), e.message());
        assertEquals(0, backend.accepted());
        // A post-quantum peer still gets through.
        BcJssePeer.ClientResult ok = BcJssePeer.send(appliance.port("edge-in"), site.credentials(), pki.ca.certificate(),
                List.of("X25519MLKEM768", "x25519"), "pq");
        assertEquals("X25519MLKEM768", ok.group());
        assertNotEquals(null, ok.reply());
    }
}
