package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.Mosquitto;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.crypto.PinSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT over TLS to a Mosquitto that requires a client certificate: the appliance presents its client
 * certificate and accepts the broker only when the broker's chain holds a pinned key (with a CA bundle,
 * or pins-only); with a wrong pin the broker is refused inside the handshake, a pin-failed event names
 * it, and nothing is published.
 */
class MqttTlsTest {
    @TempDir
    Path dir;

    private record Setup(TestPki pki, TestPki.Pair brokerCert, TestPki.Pair client, Mosquitto broker) {
    }

    private Setup start() {
        TestPki pki = new TestPki(dir);
        TestPki.Pair brokerCert = pki.server("broker");
        TestPki.Pair client = pki.client("mqtt-client", "spiffe://hendon/site-tls");
        Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Optional.of(new Mosquitto.Tls(brokerCert.cert(), brokerCert.key(), pki.caFile())));
        return new Setup(pki, brokerCert, client, broker);
    }

    private MqttProbe probe(Setup s, String filter) throws Exception {
        TestPki.Pair noc = s.pki().client("noc", "spiffe://noc");
        SSLSocketFactory f = MqttSocketFactory.create("probe", Optional.of(noc.credentials()),
                List.of(s.pki().ca.certificate()), PinSet.of(List.of()), EventSink.NONE);
        return MqttProbe.subscribe(s.broker().url(), filter, "noc-tls-" + System.nanoTime(), false, f);
    }

    private static String tlsStatus(String url, String trust, String pin) {
        return """
                brokers: ["%s"]
                heartbeat: 30s
                tls:
                  certificate: mqtt-client.crt
                  key: mqtt-client.key
                  trust: %s
                  pins: ["%s"]
                """.formatted(url, trust, pin);
    }

    @Test
    void withAClientCertificateAndThePinnedBrokerTheApplianceReports() throws Exception {
        Setup s = start();
        try (Mosquitto broker = s.broker()) {
            Path cfg = MqttFixture.config(dir, s.pki(), "site-tls", tlsStatus(broker.url(), "ca.crt", s.brokerCert().pin()));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-tls");
            try (MqttProbe probe = probe(s, MqttFixture.PREFIX + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                assertEquals(broker.url(), probe.await(topics.state(), "state", "online").json().path("broker").asText());
                probe.await(topics.events(), "type", "started");
                assertTrue(app.events.of(EventType.PIN_FAILED).isEmpty());
            }
        }
    }

    @Test
    void pinsOnlyTrustAcceptsTheBrokerByItsKey() throws Exception {
        Setup s = start();
        try (Mosquitto broker = s.broker()) {
            Path cfg = MqttFixture.config(dir, s.pki(), "site-pins", tlsStatus(broker.url(), "pins-only", s.brokerCert().pin()));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-pins");
            try (MqttProbe probe = probe(s, topics.state());
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                probe.await(topics.state(), "state", "online");
            }
        }
    }

    @Test
    void aBrokerWhoseKeyIsNotPinnedIsRefusedAndNothingIsPublished() throws Exception {
        Setup s = start();
        try (Mosquitto broker = s.broker()) {
            TestPki.Pair impostorKey = s.pki().server("other");
            Path cfg = MqttFixture.config(dir, s.pki(), "site-wrong", tlsStatus(broker.url(), "ca.crt", impostorKey.pin()));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-wrong");
            try (MqttProbe probe = probe(s, MqttFixture.PREFIX + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                Event refused = app.events.await(e -> e.type() == EventType.PIN_FAILED && e.link().equals("mqtt"), "broker pin refused");
                assertTrue(refused.fields().get("presented.0.pin").equals(s.brokerCert().pin()), refused.fields().toString());
                assertTrue(refused.fields().get("expected").contains(impostorKey.pin()));
                // It keeps trying (with backoff) and keeps refusing.
                app.events.await(e -> e.type() == EventType.PIN_FAILED && e != refused, "a second attempt refused too");
                assertTrue(probe.on(topics.state()).isEmpty(), "no birth through a refused broker");
                assertTrue(probe.on(topics.events()).isEmpty());
                assertFalse(probe.all().stream().anyMatch(m -> m.topic().contains("site-wrong")));
            }
        }
    }
}
