package io.securelink.appliance.support;

import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.LeafSpec;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.SpkiPin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Key material for link tests, written as PEM files the way an operator would have them: a carrier CA
 * with a server leaf and client leaves, plus a second, unrelated CA. Keys are mode 0600.
 */
public final class TestPki {
    public final Path dir;
    public final CertificateAuthority ca;
    public final CertificateAuthority otherCa;

    public TestPki(Path dir) {
        this.dir = dir;
        this.ca = CertificateAuthority.create("Test Carrier CA", KeyType.EC_P256, Duration.ofDays(365));
        this.otherCa = CertificateAuthority.create("Rogue CA", KeyType.EC_P256, Duration.ofDays(365));
        write("ca.crt", ca.certificate());
        write("other-ca.crt", otherCa.certificate());
    }

    /** A named credential pair written as NAME.crt (leaf then CA) and NAME.key. */
    public record Pair(Path cert, Path key, Credentials credentials) {
        public X509Certificate leaf() {
            return credentials.leaf();
        }

        public String pin() {
            return SpkiPin.of(credentials.leaf()).toString();
        }
    }

    public Pair server(String name) {
        return save(name, ca.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1", "::1"))));
    }

    public Pair client(String name, String uri) {
        return save(name, ca.issue(LeafSpec.client(name, List.of(uri))));
    }

    public Pair expiredClient(String name, String uri) {
        Instant now = Instant.now();
        return save(name, ca.issue(LeafSpec.client(name, List.of(uri))
                .withValidity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))));
    }

    public Pair otherCaClient(String name, String uri) {
        return save(name, otherCa.issue(LeafSpec.client(name, List.of(uri))));
    }

    public Pair save(String name, Credentials c) {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        try {
            PemFiles.writePem(cert, c.chain(), false);
            PemFiles.writePem(key, c.key(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Pair(cert, key, c);
    }

    private void write(String name, X509Certificate c) {
        try {
            PemFiles.writePem(dir.resolve(name), c, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    public Path otherCaFile() {
        return dir.resolve("other-ca.crt");
    }
}
