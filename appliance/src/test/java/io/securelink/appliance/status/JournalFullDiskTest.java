package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.InJvmBroker;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.SmallTmpfs;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT event journal on a full disk (its state folder on a 256 KiB tmpfs this test mounts; skipped with a
 * message where mounting is refused). Events that cannot be journalled cannot be published; that must be
 * said once, with what to do, be visible in status and the heartbeat, and be counted exactly; when the disk
 * has room again the journal resumes by itself and says how many events the outage cost. Before, every lost
 * event logged its own error line, status and heartbeat said nothing, and no event ever told a subscriber.
 */
class JournalFullDiskTest {
    private static final int LOST = 5;
    @TempDir
    Path dir;
    SmallTmpfs tmpfs;
    Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount("s8-ops-journalfs", "256k", "the full-disk journal test");
        mount = tmpfs.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aFullDiskIsSaidOnceAndShownInStatusAndTheExactLossIsPublishedWhenTheJournalWritesAgain() throws Exception {
        Path state = mount.resolve("state");
        Path cfg = MqttFixture.config(dir, new TestPki(dir), "journal-full", MqttFixture.plain("tcp://127.0.0.1:1", "30s"));
        try (InJvmBroker broker = InJvmBroker.start()) {
            String yaml = Files.readString(cfg).replace("state-dir: state-journal-full", "state-dir: " + state)
                    .replace("tcp://127.0.0.1:1", broker.url());
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "journal-full");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.events());
                 RunningLifecycle app = RunningLifecycle.start(dir, yaml)) {
                probe.await(m -> m.json().path("type").asText().equals("started"), "the started event over MQTT");
                Path filler = mount.resolve("filler");
                SmallTmpfs.fill(filler);
                for (int i = 0; i < LOST; i++) {
                    app.lifecycle.events().emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command 'status' answered",
                            Map.of("command", "status", "pad", "x".repeat(8000))));
                }
                Event degraded = app.events.await(e -> e.type() == EventType.JOURNAL_DEGRADED, "the journal-degraded alert");
                assertTrue(degraded.message().contains("free space"), degraded.message());
                CliRun status = CliRun.of("status", "--config", app.configFile.toString());
                assertTrue(status.out.contains("mqtt journal: degraded: ") && status.out.contains("df " + state.resolve("mqtt-journal")),
                        status.toString());
                CliRun json = CliRun.of("status", "--json", "--config", app.configFile.toString());
                assertTrue(json.out.contains("\"mqtt-journal\" : \"degraded: ") && json.out.contains("\"audit-log\" : \""), json.toString());

                Files.delete(filler);
                app.lifecycle.events().emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command 'status' answered", Map.of("command", "status")));
                Event resumed = app.events.await(e -> e.type() == EventType.JOURNAL_RESUMED, "the journal-resumed event");
                // The five padded events, and whatever else came meanwhile and did not fit in the file's last page
                // (the journal-degraded alert, the audit log's own alerts about the same full disk).
                long lost = Long.parseLong(resumed.fields().get("lost"));
                assertTrue(lost >= LOST, resumed.toString());
                assertEquals(1, app.events.of(EventType.JOURNAL_DEGRADED).size(), "said once, not once per event");
                JsonNode published = probe.await(m -> m.json().path("type").asText().equals("journal-resumed"),
                        "journal-resumed published over MQTT").json();
                assertEquals(lost, published.path("journal-dropped").asLong(), "the heartbeat/event counter is exact: " + published);
                assertEquals(Long.toString(lost), published.path("fields").path("lost").asText(), published.toString());
                assertTrue(CliRun.of("status", "--config", app.configFile.toString()).out.contains("mqtt journal: ok"));
            }
        }
    }
}
