package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.daemon.ApplianceLifecycle;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.InJvmBroker;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.crypto.LeafSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How reporting follows the appliance's life: a dead first broker is skipped for the next in the list, a
 * reload re-publishes the birth message with the new config digest, and a certificate with less than a
 * week left raises one cert-expiring event (not one per heartbeat).
 */
class ReportingLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerThatIsDownIsSkippedForTheNextInTheList() throws Exception {
        TestPki pki = new TestPki(dir);
        try (InJvmBroker broker = InJvmBroker.start()) {
            String dead = "tcp://127.0.0.1:" + FreePorts.next();
            Path cfg = MqttFixture.config(dir, pki, "site-fo", """
                    brokers: ["%s", "%s"]
                    heartbeat: 30s
                    """.formatted(dead, broker.url()));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-fo");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.state());
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                JsonNode birth = probe.await(topics.state(), "state", "online").json();
                assertEquals(broker.url(), birth.path("broker").asText());
            }
        }
    }

    @Test
    void aReloadRepublishesTheBirthMessageWithTheNewDigest() throws Exception {
        TestPki pki = new TestPki(dir);
        try (InJvmBroker broker = InJvmBroker.start()) {
            Path cfg = MqttFixture.config(dir, pki, "site-rl", MqttFixture.plain(broker.url(), "30s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-rl");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                String before = probe.await(topics.state(), "state", "online").json().path("config-digest").asText();
                app.rewrite(Files.readString(cfg).replace("drain: 1s", "drain: 2s"));
                ApplianceLifecycle.ReloadOutcome o = app.lifecycle.reload("test");
                assertTrue(o.applied(), o.problems().toString());
                assertNotEquals(before, o.digestAfter());
                probe.await(topics.state(), "config-digest", o.digestAfter());
                probe.await(topics.status(), "config-digest", o.digestAfter());
                probe.await(topics.events(), "type", "reload-applied");
            }
        }
    }

    @Test
    void aCertificateWithLessThanAWeekLeftRaisesOneCertExpiringEvent() throws Exception {
        TestPki pki = new TestPki(dir);
        Instant now = Instant.now();
        TestPki.Pair shortLived = pki.save("server", pki.ca.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1"))
                .withValidity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)).plus(Duration.ofHours(1)))));
        try (InJvmBroker broker = InJvmBroker.start()) {
            Path cfg = MqttFixture.config(dir, pki, "site-exp", MqttFixture.plain(broker.url(), "1s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-exp");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                JsonNode e = probe.await(topics.events(), "type", "cert-expiring").json();
                assertEquals("edge-in", e.path("link").asText());
                assertEquals("warning", e.path("severity").asText());
                assertEquals("5", e.path("fields").path("days-left").asText());
                assertEquals("7", e.path("fields").path("threshold-days").asText());
                assertEquals("own", e.path("fields").path("role").asText());
                assertEquals(shortLived.pin(), e.path("fields").path("pin").asText());
                // Three more heartbeats: still the one event for this certificate and threshold.
                long beats = probe.on(topics.status()).size();
                probe.await(m -> probe.on(topics.status()).size() >= beats + 3, "three more heartbeats");
                assertEquals(1, probe.on(topics.events()).stream()
                        .filter(m -> m.json().path("type").asText().equals("cert-expiring")).count());
                assertEquals(5, probe.on(topics.status()).get(probe.on(topics.status()).size() - 1).json()
                        .path("nearest-certificate-days-left").asLong());
            }
        }
    }
}
