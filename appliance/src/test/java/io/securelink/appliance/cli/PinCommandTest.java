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
}
