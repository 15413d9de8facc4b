package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.securelink.appliance.daemon.ControlClient;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestBroker;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pair member's role on MQTT: keepalived's report (through the control socket) is a {@code role-changed}
 * event at once, and the retained heartbeat carries {@code ha.role} and the published health.
 */
class HaRoleOverMqttTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void roleChangesAreEventsAndTheHeartbeatCarriesTheRole(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-7a", MqttFixture.plain(broker.url(), "1s"));
            // Nothing listens behind the link: the member is (rightly) unhealthy.
            Files.writeString(cfg, "ha: { health-file: run/health, probe-interval: 100ms, probe-timeout: 300ms }\n", StandardOpenOption.APPEND);
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-7a");
            try (MqttProbe noc = MqttProbe.subscribe(broker.url(), topics.base() + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                ControlClient.request(dir.resolve("state-site-7a/control.sock"), "role master securelink at=1");
                var event = noc.await(topics.events(), "type", "role-changed").json();
                assertEquals("master", event.path("fields").path("to").asText());
                assertEquals("unknown", event.path("fields").path("from").asText());
                var beat = noc.await(r -> r.topic().equals(topics.status())
                        && r.json().path("ha").path("role").asText().equals("master"), "a heartbeat with ha.role master").json();
                assertFalse(beat.path("ha").path("healthy").asBoolean(true));
                assertEquals("link edge-in: no upstream reachable", beat.path("ha").path("problems").get(0).asText().replaceAll(" \\(.*", ""));
            }
        }
    }
}
