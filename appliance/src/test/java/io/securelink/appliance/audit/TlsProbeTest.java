package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.OpensslServer;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.tls.LinkTls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code securelink audit --probe}: a weak openssl server, a strong one, and a securelink server link. */
class TlsProbeTest {
    @TempDir
    static Path dir;
    static AuditPki pki;

    @BeforeAll
    static void keys() throws Exception {
        pki = new AuditPki(dir);
    }

    private static List<String> ids(CliRun r) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(r.out).path("findings")) {
            ids.add(f.path("id").asText());
        }
        return ids;
    }

    @Test
    void aWeakListenerIsCaughtOnVersionsSuitesAndKey() throws Exception {
        try (OpensslServer weak = OpensslServer.www(dir, "-cert", "rsa1024.crt", "-key", "rsa1024.key",
                "-cipher", "ALL:@SECLEVEL=0")) {
            TlsProbe.Result r = new TlsProbe(HostPort.parse(weak.address()), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)).probe();
            assertTrue(r.versions().contains("TLSv1"), r.toString());
            assertTrue(r.suites().contains("TLS_RSA_WITH_AES_128_CBC_SHA"), r.suites().toString());
            CliRun cli = CliRun.of("audit", "--probe", weak.address(), "--format", "json");
            assertEquals(1, cli.exitCode, cli.toString());
            List<String> ids = ids(cli);
            for (String id : List.of("tls.protocol-obsolete", "tls.suite-no-forward-secrecy", "tls.suite-not-aead", "tls.rsa-key-too-small",
                    "probe.client-auth-not-requested")) {
                assertTrue(ids.contains(id), id + " missing from " + ids);
            }
        }
    }

    @Test
    void aStrongListenerHasNothingAboveInfo() throws Exception {
        try (OpensslServer strong = OpensslServer.www(dir, "-cert", "short.crt", "-key", "short.key",
                "-no_tls1", "-no_tls1_1", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305")) {
            CliRun cli = CliRun.of("audit", "--probe", strong.address(), "--trust", dir.resolve("ca.crt").toString(),
                    "--fail-on", "high", "--format", "json");
            assertEquals(0, cli.exitCode, cli.toString());
            // Debian 12's OpenSSL 3.0 has no post-quantum group: the one finding above low.
            assertEquals(List.of("probe.no-post-quantum", "probe.client-auth-not-requested", "tls.tls12-enabled"), ids(cli));
            GroupProbe.Result g = new GroupProbe(HostPort.parse(strong.address()), null, Duration.ofSeconds(5)).probe();
            assertFalse(g.accepted().contains("X25519MLKEM768"), g.toString());
            assertTrue(g.accepted().containsAll(List.of("X25519", "P-256")), g.toString());
            TlsProbe.Result r = new TlsProbe(HostPort.parse(strong.address()), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)).probe();
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), r.versions());
            assertTrue(r.suites().contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), r.suites().toString());
            assertFalse(r.chain().isEmpty());
        }
    }

    @Test
    void aSecurelinkServerLinkAcceptsOnlyItsProfile() throws Exception {
        int port = FreePorts.next();
        try (RunningLifecycle app = RunningLifecycle.start(dir, """
                appliance: { id: probe-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: short.crt, key: short.key, trust: ca.crt, pin-certificates: [site.crt] }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(port, FreePorts.next()))) {
            TlsProbe.Result r = new TlsProbe(HostPort.parse("127.0.0.1:" + app.port("edge-in")), Optional.of(dir.resolve("site.crt")),
                    Optional.of(dir.resolve("site.key")), Duration.ofSeconds(5)).probe();
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), r.versions());
            assertFalse(r.suites().isEmpty());
            assertTrue(LinkTls.CIPHERS.containsAll(r.suites()), "offered beyond the profile: " + r.suites());
            assertEquals(2, r.chain().size(), "leaf and CA as configured");
            assertTrue(r.clientCertificateRequested());
            List<Finding> findings = TlsProbe.findings("probe", r, List.of(), Instant.now());
            assertTrue(findings.stream().noneMatch(f -> f.severity().atLeast(Severity.LOW)), findings.toString());

            // Without a client certificate the link still shows what it accepts, then refuses the client.
            TlsProbe.Result anonymous = new TlsProbe(HostPort.parse("127.0.0.1:" + port), Optional.empty(), Optional.empty(),
                    Duration.ofSeconds(5)).probe();
            assertEquals(r.versions(), anonymous.versions());
            assertEquals(r.suites(), anonymous.suites());
            assertTrue(anonymous.clientCertificateRequested());

            // Groups, from an in-process Bouncy Castle client (openssl here cannot offer X25519MLKEM768).
            GroupProbe.Result g = new GroupProbe(HostPort.parse("127.0.0.1:" + port), null, Duration.ofSeconds(5)).probe();
            assertEquals(List.of("X25519MLKEM768", "X25519", "P-256"), g.accepted(), g.toString());
            assertEquals("X25519MLKEM768", g.preferred());
            assertEquals("X25519MLKEM768", g.preferredReversed(), "the link prefers the hybrid whatever the client lists first");
            assertTrue(GroupProbe.findings("probe", g).isEmpty());
        }
    }

    @Test
    void nothingListeningExitsTwo() {
        CliRun cli = CliRun.of("audit", "--probe", "127.0.0.1:" + FreePorts.next());
        assertEquals(2, cli.exitCode, cli.toString());
    }
}
