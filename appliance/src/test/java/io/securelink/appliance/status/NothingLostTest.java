package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
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

    @TempDir
    Path dir;

    private static void emitMarkers(RunningLifecycle app, int from, int to) {
        for (int i = from; i < to; i++) {
            long t0 = System.nanoTime();
            app.lifecycle.events().emit(Event.of(EventType.CONNECTION_DENIED, "edge-in", "127.0.0.9:" + (10000 + i),
                    "marker " + i, Map.of("marker", Integer.toString(i))));
            long tookMicros = (System.nanoTime() - t0) / 1000;
            assertTrue(tookMicros < 200_000, "emit() returned after " + tookMicros + " µs with the broker down: it must never wait");
        }
    }

    /** The received events in arrival order; asserts their sequence numbers are contiguous and returns the markers seen. */
    private static List<Integer> assertContiguous(MqttProbe probe, String eventsTopic) {
        List<JsonNode> events = probe.on(eventsTopic).stream().map(MqttProbe.Received::json).toList();
        List<Integer> markers = new ArrayList<>();
        long prev = -1;
        for (JsonNode e : events) {
            long seq = e.path("seq").asLong();
            if (prev >= 0) {
                assertEquals(prev + 1, seq, "sequence numbers contiguous and in order: "
                        + events.stream().map(x -> x.path("seq").asLong() + ":" + x.path("type").asText()).toList());
            }
            prev = seq;
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
                emitMarkers(app, 0, 500);
                long left = MqttFixture.brokerDownMillis() - (System.nanoTime() - downAt) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left); // the outage itself: nothing to await while the broker is away
                }
                broker.restart();
                noc.await(topics.events(), "message", "marker 499");
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
                    long startedEvents = noc.on(topics.events()).stream().filter(m -> m.json().path("type").asText().equals("started")).count();
                    assertEquals(2, startedEvents);
                } finally {
                    second.close();
                }
            }
        }
    }
}
