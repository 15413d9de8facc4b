package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.daemon.ControlClient;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.DaemonProcess;
import io.securelink.appliance.support.DigestSinkBackend;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.OpensslCa;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As an operator sees it: {@code securelink run} in its own process with a CRL, two sites connected with
 * {@code openssl s_client} and left open; the CA revokes one and the new CRL is moved into place. That
 * site's s_client is disconnected, the other stays up, and {@code securelink status} shows the new CRL
 * and the closure.
 */
class RevocationProcessTest {
    @TempDir
    Path dir;

    private static Process sClient(int port, CarrierPki pki, OpensslCa.Issued site) throws Exception {
        return new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile", pki.root.certificate().toString(),
                "-cert", site.cert().toString(), "-key", site.key().toString(), "-cert_chain", pki.sub.certificate().toString(),
                "-verify_return_error").redirectErrorStream(true).start();
    }

    @Test
    void aNewCrlOnDiskDisconnectsTheRevokedSiteOnlyAndStatusShowsIt() throws Exception {
        CarrierPki pki = new CarrierPki(dir);
        int port = FreePorts.next();
        try (DigestSinkBackend backend = new DigestSinkBackend()) {
            Path cfg = dir.resolve("run.yaml");
            Files.writeString(cfg, """
                    appliance: { id: crl-run, site: lab, state-dir: state }
                    links:
                      in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls:
                          certificate: sub-ca/server-chain.crt
                          key: sub-ca/server.key
                          trust: root-ca/ca.crt
                          revocation: { crl: [root.crl, sub.crl] }
                        timeouts: { drain: 1s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(port, backend.port()));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand",
                    "run", "--config", cfg.toString()));
            Process daemon = new ProcessBuilder(cmd).redirectError(dir.resolve("daemon.err").toFile()).start();
            Process a = null;
            Process b = null;
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
                // A new JVM on a box busy with other builds: the start budget every daemon test uses, not one event's.
                String first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (Exception e) {
                        return null;
                    }
                }).get(DaemonProcess.START_MILLIS, TimeUnit.MILLISECONDS);
                assertEquals("link in listening on 127.0.0.1:" + port, first, () -> "daemon log:\n" + readQuietly(dir.resolve("daemon.err")));
                Path socket = dir.resolve("state").resolve("control.sock");
                a = sClient(port, pki, pki.siteA);
                b = sClient(port, pki, pki.siteB);
                Await.until(() -> backend.accepted() == 2, "both sites past the handshake, relayed to the backend");
                assertTrue(status(socket).contains("sub.crl issuer CN=i14 Carrier Sub CA"), status(socket));

                pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
                Path next = pki.sub.crl(dir.resolve("sub-next.crl"));
                Files.move(next, pki.subCrl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

                boolean aEnded = a.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
                assertTrue(aEnded, "the revoked site is disconnected; daemon log:\n" + Files.readString(dir.resolve("daemon.err")));
                assertFalse(b.waitFor(300, TimeUnit.MILLISECONDS), "the other site stays connected");
                // The connection is cut as soon as the file is read; the reload that follows puts the CRL in the snapshot.
                Await.until(() -> status(socket).contains("sub.crl issuer CN=i14 Carrier Sub CA"), "status lists the CRL");
                Await.until(() -> status(socket).contains("entries 1 issuer-not-in-bundle"), "status shows the new CRL");
                String s = status(socket);
                assertTrue(s.contains("closed-for-revocation 1"), s);
                assertTrue(s.contains(" live 1 "), s);
            } finally {
                if (a != null) {
                    a.destroyForcibly();
                }
                if (b != null) {
                    b.destroyForcibly();
                }
                daemon.destroy();
                daemon.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
                daemon.destroyForcibly();
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String status(Path socket) {
        try {
            return ControlClient.request(socket, "status");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
