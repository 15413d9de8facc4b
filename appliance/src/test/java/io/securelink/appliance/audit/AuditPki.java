package io.securelink.appliance.audit;

import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.LeafSpec;
import io.securelink.crypto.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-time key material for the audit corpus, generated fresh in a work folder (never committed): good
 * and deliberately weak certificates (RSA 1024, SHA-1 signed, P-521, expired, expiring, misordered, from
 * an unrelated CA). Private keys are mode 0600. The CA key is written only here, outside any config folder.
 */
final class AuditPki {
    final Path dir;
    final TestPki pki;

    AuditPki(Path dir) throws IOException {
        this.dir = dir;
        this.pki = new TestPki(dir);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        pki.server("server");
        pki.client("site", "spiffe://site/1");
        pki.otherCaClient("rogue", "spiffe://rogue/1");
        pki.save("short", pki.ca.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1"))
                .withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(300)))));
        pki.save("rsa2048", pki.ca.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1"))
                .withKeyType(KeyType.RSA_2048).withValidity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(300)))));
        pki.save("expired", pki.ca.issue(LeafSpec.server("old", List.of("old"), List.of())
                .withValidity(now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(2)))));
        pki.save("expiring", pki.ca.issue(LeafSpec.server("soon", List.of("soon"), List.of())
                .withValidity(now.minus(Duration.ofDays(100)), now.plus(Duration.ofDays(10)))));
        PemFiles.writePem(dir.resolve("ca.key"), pki.ca.credentials().key(), true);
        // [server leaf, unrelated CA, issuing CA]: the second certificate did not issue the first.
        List<X509Certificate> misordered = new ArrayList<>(List.of(pki.server("misordered").leaf(), pki.otherCa.certificate(),
                pki.ca.certificate()));
        PemFiles.writePem(dir.resolve("misordered.crt"), misordered, false);
        // A leaf whose chain stops before its issuer (the unrelated CA), for a link that trusts ca.crt only.
        PemFiles.writePem(dir.resolve("incomplete.crt"), pki.otherCaClient("incomplete", "spiffe://x/1").leaf(), false);
        openssl("req", "-x509", "-newkey", "rsa:1024", "-sha256", "-nodes", "-keyout", "rsa1024.key", "-out", "rsa1024.crt",
                "-days", "200", "-subj", "/CN=rsa1024");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521", "-sha256", "-nodes", "-keyout", "p521.key",
                "-out", "p521.crt", "-days", "200", "-subj", "/CN=p521");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "sha1.key",
                "-out", "sha1.csr", "-subj", "/CN=sha1");
        openssl("x509", "-req", "-in", "sha1.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-sha1", "-days", "200", "-set_serial", "7",
                "-out", "sha1.crt");
        for (String k : List.of("rsa1024.key", "p521.key", "sha1.key")) {
            Files.setPosixFilePermissions(dir.resolve(k), PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(dir.resolve("broker-ca.crt"), Files.readString(dir.resolve("ca.crt")));
        crls(now);
    }

    /**
     * CRLs of the test CA made by {@code openssl ca -gencrl} (PEM, named .pem so the corpus copies them): a
     * current one, a stale one, and one signed by an impostor CA that took the test CA's name.
     */
    private void crls(Instant now) throws IOException {
        Files.createDirectories(dir.resolve("ca-db"));
        Files.writeString(dir.resolve("ca-db/index.txt"), "");
        Files.writeString(dir.resolve("ca-db/crlnumber"), "01\n");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "impostor.key",
                "-out", "impostor.crt", "-days", "30", "-subj", "/CN=Test Carrier CA");
        java.time.format.DateTimeFormatter asn1 = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        for (String[] c : List.of(
                new String[] {"ca.crt", "ca.key", "crl-current.pem", "-crldays", "7"},
                new String[] {"ca.crt", "ca.key", "crl-stale.pem", "-crl_lastupdate", asn1.format(now.minus(Duration.ofDays(9))),
                        "-crl_nextupdate", asn1.format(now.minus(Duration.ofDays(2)))},
                new String[] {"impostor.crt", "impostor.key", "crl-foreign.pem", "-crldays", "7"})) {
            Files.writeString(dir.resolve("ca-db/ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=" + dir.resolve("ca-db/index.txt")
                    + "\ncrlnumber=" + dir.resolve("ca-db/crlnumber") + "\ncertificate=" + dir.resolve(c[0]) + "\nprivate_key="
                    + dir.resolve(c[1]) + "\ndefault_md=sha256\n");
            List<String> cmd = new ArrayList<>(List.of("ca", "-config", "ca-db/ca.cnf", "-gencrl", "-out", c[2]));
            cmd.addAll(List.of(c).subList(3, c.length));
            openssl(cmd.toArray(new String[0]));
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(dir, null, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + r.all());
        }
    }
}
