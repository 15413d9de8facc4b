package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code securelink run} as its own process, with a link whose TLS context cannot be built although the
 * config is valid (it requires post-quantum key exchange from a provider without it). The listening socket
 * is bound before the contexts are built, but the start still fails as it did when the contexts came first:
 * exit 1, the link and the reason on stderr, no link reported listening, and the port released.
 */
class RunStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void aLinkWhoseTlsContextCannotBeBuiltFailsTheRunWithTheLinkNamedAndReleasesThePort() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        TestPki.Pair client = pki.client("c", "spiffe://c");
        int port = FreePorts.next();
        Path cfg = dir.resolve("run.yaml");
        Files.writeString(cfg, """
                appliance: { id: run-fail, site: lab, state-dir: state }
                links:
                  in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"], require-post-quantum: true }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(port, client.pin()));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsecurelink.tls.provider=jdk", "-cp", System.getProperty("java.class.path"),
                "io.securelink.appliance.cli.SecurelinkCommand", "run", "--config", cfg.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS), "run exits when a TLS context cannot be built: " + out);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("error: link in: cannot build TLS context: link 'in' has tls.require-post-quantum: true, but the TLS provider jdk"),
                out);
        assertFalse(out.contains("listening on"), out);
        assertFalse(out.contains("securelink running"), out);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the port is released");
    }
}
