package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} on links that carry voice: no keep-alive, or an idle timeout that cuts a trunk between calls. */
class VoiceLinkAuditTest {
    @TempDir
    Path dir;
    String pin;

    @BeforeEach
    void pki() {
        pin = new TestPki(dir).server("server").pin();
    }

    private List<String> voiceFindings(String listen, String extra) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, """
                appliance: { id: a, site: s, state-dir: state }
                links:
                  trunk:
                    mode: server
                    listen: LISTEN
                    forward: 127.0.0.1:9000
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["PIN"] }
                    policy: { sources: ["10.0.0.0/8"] }
                """.replace("LISTEN", listen).replace("PIN", pin) + extra.indent(4));
        return ConfigAudit.run(new AuditContext(ConfigLoader.load(f), Instant.now(), "securelink")).stream()
                .filter(x -> x.id().startsWith("voice.")).map(x -> x.id() + " " + x.severity() + " " + x.subject()).toList();
    }

    @Test
    void aSipTrunkWithoutKeepaliveIsReported() throws Exception {
        assertEquals(List.of("voice.no-keepalive MEDIUM link trunk: tcp.keepalive"),
                voiceFindings("127.0.0.1:5061", "tcp: { keepalive: off }"));
    }

    @Test
    void anIdleTimeoutShorterThanTheKeepaliveIntervalIsReported() throws Exception {
        List<String> f = voiceFindings("127.0.0.1:5061", "timeouts: { idle: 60s }");
        assertEquals(List.of("voice.idle-shorter-than-keepalive HIGH link trunk: timeouts.idle"), f);
        List<String> g = voiceFindings("127.0.0.1:8443", "tcp: { dscp: EF, keepalive: { idle: 600s, interval: 10s, count: 3 } }\n"
                + "timeouts: { idle: 300s }");
        assertEquals(List.of("voice.idle-shorter-than-keepalive HIGH link trunk: timeouts.idle"), g, "a link marked EF carries voice");
    }

    @Test
    void theIssuesVoiceSettingsAndTheDefaultsAreClean() throws Exception {
        assertTrue(voiceFindings("127.0.0.1:5061", "tcp: { keepalive: { idle: 10s, interval: 3s, count: 3 }, user-timeout: 20s, dscp: CS5 }\n"
                + "timeouts: { idle: off }").isEmpty());
        assertTrue(voiceFindings("127.0.0.1:5061", "").isEmpty(), "defaults: keep-alive on, idle 300 s");
        assertTrue(voiceFindings("127.0.0.1:8443", "tcp: { keepalive: off }\ntimeouts: { idle: 10s }").isEmpty(),
                "not a voice link");
    }
}
