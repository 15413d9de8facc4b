package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit --config}: links without a post-quantum group, and appliance-to-appliance links that do not require one. */
class PostQuantumAuditTest {
    @TempDir
    Path dir;

    private List<Finding> audit(String clientTls, String serverTls) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        pki.client("site", "spiffe://site/042");
        int in = FreePorts.next();
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, """
                appliance: { id: audit-pq, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] %s }
                    policy: { sources: ["127.0.0.0/8"] }
                  edge-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%1$d"]
                    tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt] %s }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(in, FreePorts.next(), serverTls, FreePorts.next(), clientTls));
        ApplianceConfig cfg = ConfigLoader.load(f);
        return new PostQuantumCheck().run(new AuditContext(cfg, Instant.now(), "securelink"));
    }

    @Test
    void aClassicalOnlyLinkIsMediumAndAnApplianceToApplianceLinkWithoutRequireIsInfo() throws Exception {
        List<Finding> f = audit(", groups: [X25519, P-256]", "");
        assertTrue(f.contains(f.stream().filter(x -> x.id().equals("tls.no-post-quantum")).findFirst().orElseThrow()));
        Finding classical = f.stream().filter(x -> x.id().equals("tls.no-post-quantum")).findFirst().orElseThrow();
        assertEquals(Severity.MEDIUM, classical.severity());
        assertEquals("link edge-out: tls.groups", classical.subject());
        Finding notRequired = f.stream().filter(x -> x.id().equals("tls.post-quantum-not-required")).findFirst().orElseThrow();
        assertEquals(Severity.INFO, notRequired.severity());
        assertEquals("link edge-in: tls.require-post-quantum", notRequired.subject());
        assertEquals(2, f.size(), f.toString());
    }

    @Test
    void requiredOnBothEndsHasNoFinding() throws Exception {
        assertEquals(List.of(), audit(", require-post-quantum: true", ", require-post-quantum: true"));
    }
}
