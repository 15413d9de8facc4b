package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securelink.appliance.support.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code securelink audit --config}: exit codes 0/1/2 against {@code --fail-on}, text grouped by severity, and JSON. */
class AuditCommandTest {
    @TempDir
    static Path dir;
    static AuditPki pki;

    @BeforeAll
    static void keys() throws Exception {
        pki = new AuditPki(dir);
    }

    private static Path config(String name, String certificate) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, """
                appliance: { id: cli-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:18443
                    forward: 127.0.0.1:18080
                    tls: { certificate: %1$s.crt, key: %1$s.key, trust: ca.crt, pin-certificates: [site.crt], versions: [TLSv1.3] }
                    policy: { sources: ["10.20.0.0/16"], rate: { per-source: 10/s } }
                """.formatted(certificate));
        return f;
    }

    @Test
    void mediumFindingsPassTheDefaultHighThresholdButFailAtMedium() throws Exception {
        // The key folder holds keys this config never names: MEDIUM files.unreferenced-key, nothing HIGH.
        Path cfg = config("good.yaml", "short");
        CliRun high = CliRun.of("audit", "--config", cfg.toString());
        assertEquals(0, high.exitCode, high.toString());
        assertTrue(high.out.contains("[files.unreferenced-key]"), high.out);
        CliRun medium = CliRun.of("audit", "--config", cfg.toString(), "--fail-on", "medium");
        assertEquals(1, medium.exitCode, medium.toString());
    }

    @Test
    void aPinCertificatesFileHoldingACaIsAMediumFindingAndACheckConfigWarning() throws Exception {
        java.util.List<java.security.cert.X509Certificate> chain = io.securelink.crypto.PemFiles.readCertificates(dir.resolve("site.crt"));
        Path leafOnly = dir.resolve("site-leaf.crt");
        io.securelink.crypto.PemFiles.writePem(leafOnly, chain.get(0), false);
        Path withCa = dir.resolve("site-chain.crt");
        io.securelink.crypto.PemFiles.writePem(withCa, java.util.List.of(chain.get(0), pki.pki.ca.certificate()), false);
        Path cfg = config("ca-pin.yaml", "short");
        Files.writeString(cfg, Files.readString(cfg).replace("pin-certificates: [site.crt]", "pin-certificates: [site-chain.crt]"));
        CliRun audit = CliRun.of("audit", "--config", cfg.toString());
        assertTrue(audit.out.contains("[pin.ca-from-pin-certificates]"), audit.out);
        CliRun check = CliRun.of("check-config", "--config", cfg.toString());
        assertTrue(check.out.contains("pins a CA certificate") || check.err.contains("pins a CA certificate"), check.toString());
        Files.writeString(cfg, Files.readString(cfg).replace("pin-certificates: [site-chain.crt]", "pin-certificates: [site-leaf.crt]"));
        CliRun leaf = CliRun.of("audit", "--config", cfg.toString());
        assertTrue(!leaf.out.contains("[pin.ca-from-pin-certificates]"), leaf.out);
    }

    @Test
    void aHighFindingExitsOneAndTheTextReportGroupsBySeverity() throws Exception {
        CliRun r = CliRun.of("audit", "--config", config("weak.yaml", "rsa1024").toString());
        assertEquals(1, r.exitCode, r.toString());
        int high = r.out.indexOf("\nHIGH (");
        int medium = r.out.indexOf("\nMEDIUM (");
        assertTrue(high >= 0 && medium > high, r.out);
        String highSection = r.out.substring(high, medium);
        assertTrue(highSection.contains("[tls.rsa-key-too-small] link edge-in: tls.certificate"), r.out);
        assertTrue(highSection.contains("seen: RSA key of 1024 bits"), r.out);
        assertTrue(highSection.contains("fix:"), r.out);
    }

    @Test
    void jsonListsEveryFindingWithIdSeveritySubjectEvidenceAndFix() throws Exception {
        CliRun r = CliRun.of("audit", "--config", config("weak-json.yaml", "rsa1024").toString(), "--format", "json");
        assertEquals(1, r.exitCode, r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out);
        List<String> ids = new ArrayList<>();
        for (JsonNode f : root.path("findings")) {
            ids.add(f.path("id").asText());
            for (String field : List.of("severity", "subject", "evidence", "fix")) {
                assertTrue(!f.path(field).asText().isEmpty(), field + " missing in " + f);
            }
        }
        assertTrue(ids.contains("tls.rsa-key-too-small"), ids.toString());
        assertEquals(1, root.path("counts").path("high").asInt(), r.out);
        JsonNode rsa = root.path("findings").get(ids.indexOf("tls.rsa-key-too-small"));
        assertEquals("high", rsa.path("severity").asText());
    }

    @Test
    void aConfigThatCannotBeReadExitsTwoWithTheLoaderProblems() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "appliance: { id: x, site: lab }\nlinks:\n  a: { mode: sideways }\n");
        CliRun r = CliRun.of("audit", "--config", broken.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("sideways"), r.err);
        CliRun missing = CliRun.of("audit", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(2, missing.exitCode, missing.toString());
        assertTrue(missing.err.contains("does not exist"), missing.err);
    }

    @Test
    void aKeyReadableByEveryUserIsACriticalFindingReportedWithAllTheOthersWhileCheckConfigStillRefusesIt() throws Exception {
        Path cfg = config("world.yaml", "expiring");
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("expiring.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CliRun r = CliRun.of("audit", "--config", cfg.toString(), "--format", "json");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.contains("\"files.secret-world-accessible\""), r.out);
        assertTrue(r.out.contains("expiring.key"), r.out);
        assertTrue(r.out.contains("\"tls.certificate-expiring\""), "the other findings are reported too: " + r.out);
        CliRun check = CliRun.of("check-config", "--config", cfg.toString());
        assertEquals(1, check.exitCode, check.toString());
        assertTrue(check.out.contains("expiring.key holds a secret but is accessible to every user"), check.out);
    }

    @Test
    void keysMustBelongToTheServiceUserNamedOnTheCommandLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path cfg = config("owner.yaml", "rsa2048");
        java.nio.file.Files.setOwner(dir.resolve("rsa2048.key"),
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        CliRun asDefault = CliRun.of("audit", "--config", cfg.toString(), "--format", "json");
        assertTrue(asDefault.out.contains("files.secret-wrong-owner"), asDefault.out);
        assertTrue(asDefault.out.contains("service user: securelink"), asDefault.out);
        CliRun asNobody = CliRun.of("audit", "--config", cfg.toString(), "--format", "json", "--service-user", "nobody");
        assertTrue(!asNobody.out.contains("files.secret-wrong-owner"), asNobody.out);
    }

    @Test
    void anUnknownThresholdIsAUsageError() throws Exception {
        CliRun r = CliRun.of("audit", "--config", config("t.yaml", "short").toString(), "--fail-on", "severe");
        assertEquals(2, r.exitCode, r.toString());
    }
}
