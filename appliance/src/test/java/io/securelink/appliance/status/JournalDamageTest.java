package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestBroker;
import io.securelink.appliance.support.TestPki;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes damaged in undelivered journal records while the daemon is stopped: the subscriber gets a
 * {@code journal-gap} event naming the lost range, the loss is counted in {@code journal-dropped}, and
 * no sequence number ever reaches it twice with different content.
 */
class JournalDamageTest {
    @TempDir
    Path dir;

    @Test
    void damagedUndeliveredRecordsArePublishedAsAnExplicitGapAndNoNumberIsReused() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = BrokerKind.IN_JVM.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-7", MqttFixture.plain(broker.url(), "30s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-7");
            try (MqttProbe noc = MqttProbe.subscribe(broker.url(), topics.events(), "noc-7", true, null)) {
                RunningLifecycle first = new RunningLifecycle(cfg);
                noc.await(topics.events(), "type", "started");
                broker.stop();
                for (int i = 0; i < 20; i++) {
                    first.lifecycle.events().emit(Event.of(EventType.CONNECTION_DENIED, "edge-in", "127.0.0.9:1", "marker " + i));
                }
                Path journal = first.lifecycle.config().appliance().stateDir().resolve("mqtt-journal");
                first.close();
                long damaged = damageTheTenthUndeliveredRecord(journal);
                RunningLifecycle second = new RunningLifecycle(cfg);
                try {
                    broker.restart();
                    JsonNode gap = noc.await(topics.events(), "type", "journal-gap").json();
                    assertEquals(Long.toString(damaged), gap.path("fields").path("from").asText(), gap.toString());
                    assertTrue(gap.path("journal-dropped").asLong() >= 1, gap.toString());
                    noc.await(r -> r.json().path("type").asText().equals("started") && r.json().path("seq").asLong() > damaged, "second start");
                    Map<Long, String> bySeq = new HashMap<>();
                    for (MqttProbe.Received r : noc.on(topics.events())) {
                        long seq = r.json().path("seq").asLong();
                        String before = bySeq.putIfAbsent(seq, r.json().path("message").asText());
                        assertTrue(before == null || before.equals(r.json().path("message").asText()),
                                "seq " + seq + " issued twice: '" + before + "' and '" + r.json().path("message").asText() + "'");
                    }
                } finally {
                    second.close();
                }
            }
        }
    }

    /** Flips a payload byte of the tenth record still in the journal; returns its sequence number. */
    private static long damageTheTenthUndeliveredRecord(Path journal) throws Exception {
        Path seg;
        try (var s = Files.list(journal)) {
            List<Path> segs = s.filter(p -> p.getFileName().toString().startsWith("events-")).sorted().toList();
            seg = segs.get(segs.size() - 1);
        }
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0;
            for (int i = 0; i < 9; i++) {
                ByteBuffer h = ByteBuffer.allocate(4);
                ch.read(h, pos);
                pos += 16 + h.flip().getInt();
            }
            ByteBuffer h = ByteBuffer.allocate(12);
            ch.read(h, pos);
            long seq = h.flip().getLong(4);
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, pos + 20);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b.rewind(), pos + 20);
            return seq;
        }
    }
}
