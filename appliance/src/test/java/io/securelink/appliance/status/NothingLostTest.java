package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.TestBroker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost: while the broker is stopped, events go to the journal in the state folder; once it is
 * back, a subscriber receives every one, in order, with contiguous sequence numbers, also when the daemon
 * itself restarted in between. The broker-down window is -Dsecurelink.test.broker-down-seconds (3 s by
 * default to keep the suite fast; the 30 s is the same code path).
 */
class NothingLostTest {
    private static final String SITE = "hendon";
    private static final long EMIT_BUDGET_MICROS = TestTimeouts.latency(java.time.Duration.ofMillis(200)).toNanos() / 1000;

    @TempDir
    Path dir;

    private static long emitMarkers(RunningLifecycle app, int from, int to) {
        long worst = 0;
        for (int i = from; i < to; i++) {
            long t0 = System.nanoTime();
            // A link-level event (no remote): per-connection floods are summarised by the MQTT sink, markers must not be.
            app.lifecycle.events().emit(Event.of(EventType.LINK_DOWN, "edge-in", "",
                    "marker " + i, Map.of("marker", Integer.toString(i))));
            long tookMicros = (System.nanoTime() - t0) / 1000;
            // The budget (TestTimeouts.latency) allows for this thread being descheduled on a loaded box.
            assertTrue(tookMicros < EMIT_BUDGET_MICROS, "emit() returned after " + tookMicros + " µs with the broker down: it must never wait");
            worst = Math.max(worst, tookMicros);
        }
        return worst;
    }

    /**
     * The received events in arrival order with redeliveries removed, asserting that every sequence number
     * follows the one before. MQTT QoS 1 is at least once on each leg (appliance to broker, broker to a
     * persistent subscriber): a message whose acknowledgement was lost with a connection comes again, and
     * a subscriber drops a {@code seq} it has already seen. A repeat must be the very same event.
     */
    private static List<JsonNode> distinctInOrder(MqttProbe probe, String eventsTopic) {
        List<JsonNode> out = new ArrayList<>();
        java.util.Map<Long, JsonNode> seen = new java.util.HashMap<>();
        for (MqttProbe.Received r : probe.on(eventsTopic)) {
            JsonNode e = r.json();
            long seq = e.path("seq").asLong();
            JsonNode before = seen.putIfAbsent(seq, e);
            if (before != null) {
                assertEquals(before, e, "a repeated seq is a redelivery of the same event");
                continue;
            }
            if (!out.isEmpty()) {
                assertEquals(out.get(out.size() - 1).path("seq").asLong() + 1, seq, "sequence numbers contiguous and in order: "
                        + probe.on(eventsTopic).stream().map(x -> x.json().path("seq").asLong() + ":" + x.json().path("type").asText()).toList());
            }
            out.add(e);
        }
        return out;
    }

    /** Asserts contiguous sequence numbers and returns the markers seen, in order. */
    private static List<Integer> assertContiguous(MqttProbe probe, String eventsTopic) {
        List<Integer> markers = new ArrayList<>();
        for (JsonNode e : distinctInOrder(probe, eventsTopic)) {
            assertTrue(!e.path("time").asText().isEmpty());
            assertEquals(0, e.path("journal-dropped").asLong());
            if (e.path("fields").has("marker")) {
                markers.add(e.path("fields").path("marker").asInt());
            }
        }
        return markers;
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void fiveHundredEventsDuringABrokerOutageArriveInOrderWithContiguousSequence(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-042-a", MqttFixture.plain(broker.url(), "30s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, SITE, "site-042-a");
            try (MqttProbe noc = MqttProbe.subscribe(broker.url(), topics.events(), "noc-1", true, null);
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                long started = noc.await(topics.events(), "type", "started").json().path("seq").asLong();
                Await.until(() -> acknowledged(app) >= started, "the broker acknowledged 'started'");
                broker.stop();
                long downAt = System.nanoTime();
                long worstEmitMicros = emitMarkers(app, 0, 500);
                long left = MqttFixture.brokerDownMillis() - (System.nanoTime() - downAt) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left); // the outage itself: nothing to await while the broker is away
                }
                broker.restart();
                long back = System.nanoTime();
                noc.await(topics.events(), "message", "marker 499");
                System.out.printf("figure (%s): 500 events, broker down %d ms; slowest emit() %d µs; all delivered %d ms after the broker restarted%n",
                        kind, (back - downAt) / 1_000_000, worstEmitMicros, (System.nanoTime() - back) / 1_000_000);
                List<Integer> markers = assertContiguous(noc, topics.events());
                assertEquals(500, markers.size(), "every marker once");
                for (int i = 0; i < 500; i++) {
                    assertEquals(i, markers.get(i), "markers in order");
                }
                long last = noc.on(topics.events()).get(noc.on(topics.events()).size() - 1).json().path("seq").asLong();
                Await.until(() -> acknowledged(app) >= last, "the journal records every delivered event as acknowledged");
            }
        }
    }

    /** The last sequence number the journal in the state folder has recorded as delivered. */
    private static long acknowledged(RunningLifecycle app) {
        Path meta = app.lifecycle.config().appliance().stateDir().resolve("mqtt-journal").resolve("journal.properties");
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(meta)) {
            p.load(in);
        } catch (java.io.IOException e) {
            return -1;
        }
        return Long.parseLong(p.getProperty("acked", "-1"));
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void eventsJournalledBeforeADaemonRestartArriveAfterItWithTheSequenceContinued(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-9", MqttFixture.plain(broker.url(), "30s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, SITE, "site-9");
            try (MqttProbe noc = MqttProbe.subscribe(broker.url(), topics.events(), "noc-2", true, null)) {
                RunningLifecycle first = new RunningLifecycle(cfg);
                long started = noc.await(topics.events(), "type", "started").json().path("seq").asLong();
                Await.until(() -> acknowledged(first) >= started, "the broker acknowledged 'started'");
                broker.stop();
                emitMarkers(first, 0, 250);
                first.close(); // stops with the broker down: the journal keeps the rest
                RunningLifecycle second = new RunningLifecycle(cfg);
                try {
                    emitMarkers(second, 250, 500);
                    broker.restart();
                    noc.await(topics.events(), "message", "marker 499");
                    List<Integer> markers = assertContiguous(noc, topics.events());
                    assertEquals(500, markers.size(), "every marker once, across the restart");
                    for (int i = 0; i < 500; i++) {
                        assertEquals(i, markers.get(i), "markers in order");
                    }
                    // Both runs' lifecycle events are in the one sequence too.
                    long startedEvents = distinctInOrder(noc, topics.events()).stream().filter(e -> e.path("type").asText().equals("started")).count();
                    assertEquals(2, startedEvents);
                } finally {
                    second.close();
                }
            }
        }
    }

    /** Records in the journal's segment files, read without touching them (length, sequence, CRC, payload). */
    private static int journalled(Path journalDir) throws java.io.IOException {
        int n = 0;
        if (!java.nio.file.Files.isDirectory(journalDir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(journalDir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().startsWith("events-")).toList()) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(f));
                while (b.remaining() >= 16) {
                    int len = b.getInt();
                    if (len < 0 || b.remaining() < 12 + len) {
                        break;
                    }
                    b.position(b.position() + 12 + len);
                    n++;
                }
            }
        }
        return n;
    }

    private static void refusedConnection(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getInputStream().readAllBytes();
        } catch (java.io.IOException refused) {
            // Reset or closed: that is the refusal.
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void eventsJournalledBeforeTheDaemonIsKilledWithSigkillArriveAfterItRestarts(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-kill", MqttFixture.plain(broker.url(), "30s"));
            int port = Integer.parseInt(java.nio.file.Files.readString(cfg).replaceAll("(?s).*listen: 127\\.0\\.0\\.1:(\\d+).*", "$1"));
            Path journal = dir.resolve("state-site-kill").resolve("mqtt-journal");
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, SITE, "site-kill");
            try (MqttProbe noc = MqttProbe.subscribe(broker.url(), topics.events(), "noc-3", true, null)) {
                broker.stop();
                Process first = MqttFixture.launch(cfg);
                try {
                    // A new JVM: the start budget, not one event's.
                    Await.until(() -> safeCount(journal) >= 2, "link-up and started journalled", DaemonProcess.START_MILLIS);
                    for (int i = 0; i < 10; i++) {
                        refusedConnection(port);
                    }
                    Await.until(() -> safeCount(journal) >= 12, "ten refusals journalled");
                } finally {
                    first.destroyForcibly().waitFor(); // SIGKILL with the broker away
                }
                Process second = MqttFixture.launch(cfg);
                try {
                    Await.until(() -> safeCount(journal) >= 14, "the restarted daemon journals behind the first one's events", DaemonProcess.START_MILLIS);
                    broker.restart();
                    noc.await(m -> m.json().path("seq").asLong() >= 14, "the restarted daemon's started event");
                    List<JsonNode> got = distinctInOrder(noc, topics.events());
                    for (int i = 0; i < got.size(); i++) {
                        assertEquals(i + 1, got.get(i).path("seq").asLong(), "seq 1.. in order, none lost or repeated: "
                                + got.stream().map(e -> e.path("seq").asText() + ":" + e.path("type").asText()).toList());
                    }
                    assertEquals(10, got.stream().filter(e -> e.path("type").asText().equals("connection-denied")).count());
                    assertEquals(2, got.stream().filter(e -> e.path("type").asText().equals("started")).count());
                } finally {
                    second.destroy();
                    second.waitFor();
                }
            }
        }
    }

    private static int safeCount(Path journal) {
        try {
            return journalled(journal);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
