package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tcp} section and {@code idle: off}: what a voice trunk is configured with, and the errors a typo gets. */
class VoiceTcpConfigTest {
    @TempDir
    Path dir;
    String pin;

    static final String LINK = """
            appliance: { id: a, site: s, state-dir: state }
            links:
              trunk:
                mode: server
                listen: 127.0.0.1:5061
                forward: 127.0.0.1:5060
                tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["PIN"] }
                policy: { sources: ["10.0.0.0/8"] }
            TCP
            """;

    @BeforeEach
    void pki() {
        pin = new TestPki(dir).server("server").pin();
    }

    private Path write(String tcp) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, LINK.replace("PIN", pin).replace("TCP", tcp.indent(4).stripTrailing()));
        return f;
    }

    private LinkConfig load(String tcp) throws Exception {
        return ConfigLoader.load(write(tcp)).links().get("trunk");
    }

    private ConfigProblem only(String tcp) throws Exception {
        Path f = write(tcp);
        List<ConfigProblem> p = assertThrows(ConfigException.class, () -> ConfigLoader.load(f)).problems();
        assertEquals(1, p.size(), p::toString);
        return p.get(0);
    }

    @Test
    void theIssuesVoiceSettingsAreReadAsWritten() throws Exception {
        LinkConfig l = load("""
                tcp:
                  keepalive: { idle: 10s, interval: 3s, count: 3 }
                  user-timeout: 20s
                  dscp: CS5
                timeouts: { idle: off }
                """);
        assertEquals(Optional.of(new TcpOptions.Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(3), 3)), l.tcp().keepalive());
        assertEquals(Duration.ofSeconds(20), l.tcp().userTimeout());
        assertEquals(40, l.tcp().dscp().orElseThrow().value());
        assertEquals(160, l.tcp().dscp().orElseThrow().trafficClass());
        assertTrue(l.timeouts().idleOff());
        // The kernel applies TCP_USER_TIMEOUT to keep-alive too; capped at the keep-alive budget (19 s) it cannot delay detection.
        assertEquals(Duration.ofSeconds(19), l.tcp().effectiveUserTimeout());
    }

    @Test
    void defaultsSuitALongLivedSipTrunk() throws Exception {
        LinkConfig l = load("");
        assertEquals(TcpOptions.DEFAULTS, l.tcp());
        assertEquals(Duration.ofSeconds(300), l.timeouts().idle());
        assertTrue(l.tcp().keepalive().orElseThrow().budget().compareTo(Duration.ofSeconds(120)) <= 0,
                "a dead peer is found well within the 2-minute keep-alive period of RFC 5626");
    }

    @Test
    void everyDscpFormIsAccepted() {
        assertEquals(46, Dscp.parse("EF").value());
        assertEquals(46, Dscp.parse("ef").value());
        assertEquals(24, Dscp.parse("CS3").value());
        assertEquals(34, Dscp.parse("AF41").value());
        assertEquals(10, Dscp.parse("AF11").value());
        assertEquals(44, Dscp.parse("VA").value());
        assertEquals(63, Dscp.parse("63").value());
        assertEquals("CS5", new Dscp(40).name());
        assertThrows(IllegalArgumentException.class, () -> Dscp.parse("64"));
        assertThrows(IllegalArgumentException.class, () -> Dscp.parse("AF51"));
    }

    @Test
    void keepaliveAndUserTimeoutCanBeTurnedOff() throws Exception {
        LinkConfig l = load("tcp: { keepalive: off, user-timeout: off }");
        assertTrue(l.tcp().keepalive().isEmpty());
        assertEquals(Duration.ZERO, l.tcp().effectiveUserTimeout());
    }

    @Test
    void anUnknownDscpIsAnErrorAtItsLine() throws Exception {
        ConfigProblem p = only("tcp: { dscp: CS9 }");
        assertEquals(9, p.line(), p::toString);
        assertEquals("links.trunk.tcp.dscp", p.field());
        assertTrue(p.message().contains("EF, CS0..CS7, AF11..AF43"), p::toString);
    }

    @Test
    void keepaliveBoundsAreTheKernels() throws Exception {
        assertTrue(only("tcp: { keepalive: { idle: 10s, interval: 3s, count: 0 } }").toString().contains("count: must be 1..127"));
        assertTrue(only("tcp: { keepalive: { idle: 1500ms, interval: 3s, count: 3 } }").toString().contains("whole seconds"));
        assertTrue(only("tcp: { keepalive: { idle: 10h, interval: 3s, count: 3 } }").toString().contains("at most 32767s"));
        assertTrue(only("tcp: { keepalive: on }").toString().contains("{idle, interval, count}"));
        assertTrue(only("tcp: { keepalive: { idle: 10s, intervall: 3s } }").toString().contains("unknown key 'intervall'"));
        assertTrue(only("tcp: { user-timeout: 0s }").toString().contains("greater than zero"));
    }

    @Test
    void tcpSettingsArePartOfTheConfigDigest() throws Exception {
        String a = ConfigLoader.load(write("tcp: { dscp: CS5 }")).digest();
        String b = ConfigLoader.load(write("tcp: { dscp: EF }")).digest();
        String c = ConfigLoader.load(write("tcp: { dscp: 40 }")).digest();
        String d = ConfigLoader.load(write("timeouts: { idle: off }")).digest();
        assertNotEquals(a, b);
        assertEquals(a, c, "CS5 and 40 are the same setting");
        assertNotEquals(ConfigLoader.load(write("")).digest(), d);
    }
}
