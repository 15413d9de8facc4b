package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status.mqtt} as check-config sees it: a complete section loads with its TLS material and
 * defaults; every mistake is reported with its field, all of them at once.
 */
class StatusMqttCheckConfigTest {
    @TempDir
    Path dir;
    String brokerPin;

    static final String HEAD = """
            appliance: { id: site-042-a, site: hendon, state-dir: state }
            links:
              voice-in:
                mode: server
                listen: 127.0.0.1:5061
                forward: 127.0.0.1:5060
                tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["PIN"] }
                policy: { sources: ["10.20.0.0/16"] }
            status:
              mqtt:
            """;

    @BeforeEach
    void pki() {
        TestPki pki = new TestPki(dir);
        brokerPin = pki.server("server").pin();
        pki.client("mqtt", "spiffe://hendon/site-042-a");
    }

    private Path write(String mqtt) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, (HEAD + mqtt.indent(4)).replace("PIN", brokerPin));
        return f;
    }

    private String problems(String mqtt) throws Exception {
        Path f = write(mqtt);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        return e.problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void aCompleteSectionLoadsWithItsKeyMaterialAndDefaults() throws Exception {
        ApplianceConfig c = ConfigLoader.load(write("""
                brokers: ["ssl://127.0.0.1:8883", "ssl://127.0.0.2:8883"]
                tls: { certificate: mqtt.crt, key: mqtt.key, trust: ca.crt, pins: ["PIN"] }
                """));
        StatusConfig s = c.status().orElseThrow();
        assertEquals(List.of("ssl://127.0.0.1:8883", "ssl://127.0.0.2:8883"), s.brokers());
        assertEquals("site-042-a", s.clientId(), "client-id defaults to appliance.id");
        assertEquals("securelink/v1", s.topicPrefix());
        assertEquals(Duration.ofSeconds(30), s.heartbeat());
        assertEquals(64L << 20, s.journalMaxBytes());
        assertEquals(StatusConfig.Commands.READ_ONLY, s.commands());
        assertTrue(s.tls().orElseThrow().credentials().isPresent());
        assertEquals(1, s.tls().orElseThrow().pins().pins().size());
    }

    @Test
    void everyMistakeIsReportedWithItsField() throws Exception {
        String p = problems("""
                brokers: ["ssl://127.0.0.1:8883", "http://x:80"]
                topic-prefix: "securelink/#"
                heartbeat: soon
                journal-max: 1KiB
                commands: reboot
                """);
        assertTrue(p.contains("status.mqtt.brokers") && p.contains("'http://x:80' is not a broker URL"), p);
        assertTrue(p.contains("status.mqtt.tls") && p.contains("ssl:// brokers need a 'tls' section"), p);
        assertTrue(p.contains("status.mqtt.topic-prefix") && p.contains("must not contain wildcards"), p);
        assertTrue(p.contains("status.mqtt.heartbeat"), p);
        assertTrue(p.contains("status.mqtt.journal-max") && p.contains("at least 64KiB"), p);
        assertTrue(p.contains("status.mqtt.commands") && p.contains("'reboot' is not read-only or off"), p);
    }

    @Test
    void pinsOnlyTrustWithoutPinsAndAHalfClientCredentialAreRefused() throws Exception {
        String p = problems("""
                brokers: ["ssl://127.0.0.1:8883"]
                tls: { certificate: mqtt.crt, trust: pins-only }
                """);
        assertTrue(p.contains("status.mqtt.tls.trust") && p.contains("'pins' must list at least one pin"), p);
        assertTrue(p.contains("status.mqtt.tls.key") && p.contains("certificate and key go together"), p);
    }
}
