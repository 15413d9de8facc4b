package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.TestBroker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Birth and death on {@code state} against a real Mosquitto: a retained {@code online} on connect with
 * version, start time, config digest and links; the broker publishes the retained {@code offline} will
 * when the daemon's process is killed with SIGKILL; a clean stop publishes {@code offline} itself.
 */
class MqttBirthAndDeathTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void killingTheDaemonWithSigkillLeavesTheRetainedOfflineWill(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-042-a", MqttFixture.plain(broker.url(), "30s"));
            String state = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-042-a").state();
            Process daemon = MqttFixture.launch(cfg);
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/#")) {
                // The daemon is a new JVM: its birth may take a start's time on a loaded box, not one event's.
                JsonNode birth = probe.await(m -> m.topic().equals(state) && m.json().path("state").asText().equals("online"),
                        state + " online", DaemonProcess.START_MILLIS).json();
                assertEquals("site-042-a", birth.path("appliance").asText());
                assertEquals("hendon", birth.path("site").asText());
                assertEquals(64, birth.path("config-digest").asText().length(), birth.toString());
                assertFalse(birth.path("version").asText().isEmpty());
                assertFalse(birth.path("started").asText().isEmpty());
                assertEquals("edge-in", birth.path("links").get(0).path("name").asText());
                assertEquals(broker.url(), birth.path("broker").asText());

                daemon.destroyForcibly(); // SIGKILL: no chance to say goodbye
                assertTrue(daemon.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "the daemon is gone after SIGKILL");
                JsonNode will = probe.await(state, "state", "offline").json();
                assertEquals("connection-lost", will.path("reason").asText());
                assertEquals(birth.path("started").asText(), will.path("started").asText());
            } finally {
                daemon.destroyForcibly();
            }
            // Retained: a subscriber arriving later still learns the appliance is offline.
            try (MqttProbe late = MqttProbe.subscribe(broker.url(), state)) {
                MqttProbe.Received r = late.await(m -> m.topic().equals(state), "retained state");
                assertTrue(r.retained());
                assertEquals("offline", r.json().path("state").asText());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void aCleanStopPublishesOfflineItselfAndTheWillIsNotUsed(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-7", MqttFixture.plain(broker.url(), "30s"));
            String state = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-7").state();
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/#")) {
                RunningLifecycle app = new RunningLifecycle(cfg);
                probe.await(state, "state", "online");
                app.close();
                JsonNode off = probe.await(state, "state", "offline").json();
                assertEquals("stopped", off.path("reason").asText());
                // query says so at once instead of waiting for a reply that cannot come.
                long t0 = System.nanoTime();
                io.securelink.appliance.support.CliRun q = io.securelink.appliance.support.CliRun.of(
                        "query", "--broker", broker.url(), "--timeout", "15s", "site-7", "status");
                assertEquals(1, q.exitCode, q.toString());
                assertTrue(q.err.contains("appliance site-7 is offline since " + off.path("time").asText() + " (stopped)"), q.toString());
                assertTrue(System.nanoTime() - t0 < java.time.Duration.ofSeconds(15).toNanos(), "answered from the retained state");
                // The stopping event was delivered before the goodbye.
                String events = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-7").events();
                probe.await(events, "type", "stopping");
                Thread.sleep(300);
                assertEquals(1, probe.on(state).stream().filter(m -> m.json().path("state").asText().equals("offline")).count(),
                        "exactly one offline: the clean one, no will");
            }
        }
    }
}
