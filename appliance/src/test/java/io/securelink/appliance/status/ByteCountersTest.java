package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestBroker;
import io.securelink.appliance.support.TestPki;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte counters of both link modes equal, to the byte, what crossed each leg: a plaintext client
 * sends UP bytes into a client link, which carries them over mutual TLS to a server link and on to a
 * backend that answers DOWN bytes; the data is sent at once after connecting, so the server link also
 * reads application data before its backend is connected. {@code status} (text and {@code --json}), the
 * MQTT heartbeat and {@code query status} must all say the same.
 */
class ByteCountersTest {
    private static final int CONNECTIONS = 4;
    private static final int UP = 1_003;
    private static final int DOWN = 70_001;

    @TempDir
    Path dir;

    @Test
    void bothModesCountEveryByteEachWayInStatusHeartbeatAndQuery() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        TestPki.Pair client = pki.client("client", "spiffe://lab/client");
        try (TestBroker broker = BrokerKind.IN_JVM.start(dir.resolve("broker"));
             ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(backend), "counting-backend");
            serving.setDaemon(true);
            serving.start();
            int in = FreePorts.next();
            Path cfg = dir.resolve("counters.yaml");
            Files.writeString(cfg, """
                    appliance: { id: counters, site: lab, state-dir: state }
                    links:
                      c-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                        policy: { sources: ["127.0.0.0/8"] }
                      c-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: client.crt, key: client.key, trust: ca.crt, pins: ["%s"], peers: ["ip:127.0.0.1"] }
                        policy: { sources: ["127.0.0.0/8"] }
                    status:
                      mqtt:
                        brokers: ["%s"]
                        heartbeat: 1s
                    """.formatted(in, backend.getLocalPort(), client.pin(), FreePorts.next(), in, server.pin(), broker.url()));
            try (RunningLifecycle app = new RunningLifecycle(cfg);
                 MqttProbe probe = MqttProbe.subscribe(broker.url(), new StatusTopics(MqttFixture.PREFIX, "lab", "counters").status())) {
                byte[] up = new byte[UP];
                Arrays.fill(up, (byte) 'u');
                for (int i = 0; i < CONNECTIONS; i++) {
                    try (Socket s = new Socket("127.0.0.1", app.port("c-out"))) {
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write(up);
                        s.getOutputStream().flush();
                        assertEquals(DOWN, s.getInputStream().readNBytes(DOWN + 1).length);
                    }
                }
                long total = (long) CONNECTIONS;
                Map<String, long[]> expected = Map.of("c-out", new long[] {total * DOWN, total * UP},
                        "c-in", new long[] {total * UP, total * DOWN});
                Await.until(() -> app.lifecycle.status().links().stream().allMatch(l -> l.liveConnections() == 0
                        && Arrays.equals(expected.get(l.name()), new long[] {l.bytesFromRemote(), l.bytesToRemote()})),
                        "counters of both links at " + expected.get("c-out")[0] + "/" + expected.get("c-out")[1]);
                for (LinkStatus l : app.lifecycle.status().links()) {
                    assertEquals(expected.get(l.name())[0], l.bytesFromRemote(), l.name());
                    assertEquals(expected.get(l.name())[1], l.bytesToRemote(), l.name());
                }

                CliRun status = CliRun.of("status", "--config", cfg.toString());
                assertEquals(0, status.exitCode, status.toString());
                for (var e : expected.entrySet()) {
                    Matcher m = Pattern.compile("(?m)^.*" + e.getKey() + ".*bytes-in (\\d+) bytes-out (\\d+).*$").matcher(status.out);
                    assertTrue(m.find(), status.out);
                    assertEquals(e.getValue()[0], Long.parseLong(m.group(1)), status.out);
                    assertEquals(e.getValue()[1], Long.parseLong(m.group(2)), status.out);
                }

                CliRun statusJson = CliRun.of("status", "--json", "--config", cfg.toString());
                assertEquals(0, statusJson.exitCode, statusJson.toString());
                assertTrue(matches(StatusJson.parse(statusJson.out.getBytes(StandardCharsets.UTF_8)), expected), statusJson.out);

                JsonNode hb = probe.await(r -> matches(r.json(), expected), "a heartbeat with the exact counters").json();
                assertTrue(matches(hb, expected), hb.toString());

                CliRun query = CliRun.of("query", "--broker", broker.url(), "counters", "status");
                assertEquals(0, query.exitCode, query.toString());
                JsonNode q = StatusJson.parse(query.out.getBytes(StandardCharsets.UTF_8));
                assertTrue(matches(q.path("result"), expected), q.toString());
            }
        }
    }

    private static boolean matches(JsonNode status, Map<String, long[]> expected) {
        int seen = 0;
        for (JsonNode l : status.path("links")) {
            long[] want = expected.get(l.path("name").asText());
            if (want == null || l.path("bytes-from-remote").asLong() != want[0] || l.path("bytes-to-remote").asLong() != want[1]) {
                return false;
            }
            seen++;
        }
        return seen == expected.size();
    }

    /** Reads UP bytes, answers DOWN bytes, closes. */
    private static void serve(ServerSocket server) {
        byte[] down = new byte[DOWN];
        Arrays.fill(down, (byte) 'd');
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                if (in.readNBytes(UP).length != UP) {
                    continue;
                }
                s.getOutputStream().write(down);
                s.getOutputStream().flush();
                s.shutdownOutput();
                in.readAllBytes();
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        }
    }
}
