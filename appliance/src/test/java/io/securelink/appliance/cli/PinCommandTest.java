package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.OpensslServer;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code securelink pin}: the pins an operator pastes into a config, from files or from a live server. */
class PinCommandTest {
    @TempDir
    Path dir;

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = SecurelinkCommand.execute(args);
            assertEquals(0, rc, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String opensslPin(Path cert) {
        return "sha256/" + Processes.ok(null, "bash", "-c", "openssl x509 -pubkey -noout -in '" + cert
                + "' | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64").stdout().trim();
    }

    @Test
    void printsAPinForEveryCertificateOfAChainFile() {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        List<String> lines = run("pin", server.cert().toString()).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(opensslPin(server.cert()) + " "), lines.get(0));
        assertTrue(lines.get(0).contains("subject=CN=localhost"), lines.get(0));
        assertTrue(lines.get(1).startsWith(opensslPin(pki.caFile()) + " "), lines.get(1));
    }

    @Test
    void printsThePinOfAPublicKeyAndACsr() {
        Processes.ok(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-out", "r.csr", "-subj", "/CN=csr-test");
        Processes.ok(dir, "openssl", "pkey", "-in", "k.pem", "-pubout", "-out", "pub.pem");
        String expected = "sha256/" + Processes.ok(dir, "bash", "-c",
                "openssl pkey -pubin -in pub.pem -outform der | openssl dgst -sha256 -binary | base64").stdout().trim();
        assertTrue(run("pin", dir.resolve("pub.pem").toString()).startsWith(expected + " "));
        assertTrue(run("pin", dir.resolve("r.csr").toString()).startsWith(expected + " "));
    }

    @Test
    void connectPrintsThePinsOfTheChainALiveServerPresents() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        try (OpensslServer s = new OpensslServer(server.cert(), server.key(), pki.caFile())) {
            String out = run("pin", "--connect", "127.0.0.1:" + s.port());
            List<String> lines = out.lines().toList();
            assertEquals(3, lines.size(), out);
            assertTrue(lines.get(0).startsWith(server.pin() + " "), out);
            assertTrue(lines.get(0).contains("[0] subject=CN=localhost issuer=CN=Test Carrier CA notAfter="), out);
            // Debian 12's OpenSSL cannot do the hybrid: the server picks X25519 from the default offer.
            assertTrue(lines.get(2).startsWith("key-exchange X25519 (NOT post-quantum)"), out);
        }
    }

    @Test
    void aFileWithNoCertificateOrKeySaysSoInsteadOfTheParsersWords() throws Exception {
        java.nio.file.Path yaml = dir.resolve("x.yaml");
        java.nio.file.Files.writeString(yaml, "# a config, not a certificate\nappliance: { id: x }\n");
        io.securelink.appliance.support.CliRun r = io.securelink.appliance.support.CliRun.of("pin", yaml.toString());
        assertEquals(2, r.exitCode, r.toString()); // input that cannot be used, as every command's exit status says
        assertTrue(r.err.contains(yaml + " holds no certificate or key"), r.err);
        assertTrue(!r.err.contains("toDerInputStream"), r.err);
    }

    @Test
    void fleetAndQueryTakeHostColonPortAndNameTheSchemesWhenTheAddressIsUnusable() {
        io.securelink.appliance.support.CliRun bad = io.securelink.appliance.support.CliRun.of("query", "--broker", "mqtt:/x", "--timeout", "1s", "a", "status");
        assertTrue(bad.err.contains("write ssl://host:port (TLS, usually 8883), tcp://host:port (plaintext, labs only, usually 1883) or host:port"), bad.toString());
        io.securelink.appliance.support.CliRun hostPort = io.securelink.appliance.support.CliRun.of("query", "--broker", "127.0.0.1:1", "--timeout", "1s", "a", "status");
        assertTrue(hostPort.err.contains("note: --broker 127.0.0.1:1 taken as tcp://127.0.0.1:1"), hostPort.toString());
        assertTrue(!hostPort.err.contains("Illegal character"), hostPort.toString());
    }

    @Test
    void jsonListsEveryPinWithItsFileKindAndSubject() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair server = pki.server("server");
        var j = io.securelink.appliance.status.StatusJson.parse(run("pin", "--json", server.cert().toString()).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, j.size(), j.toString());
        assertEquals(opensslPin(server.cert()), j.get(0).path("pin").asText());
        assertEquals("certificate", j.get(0).path("kind").asText());
        assertEquals(server.cert().toString(), j.get(0).path("file").asText());
        assertTrue(j.get(0).path("subject").asText().contains("CN=localhost"), j.toString());
    }
}
