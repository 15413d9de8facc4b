package io.securelink.appliance.config;

import io.securelink.crypto.CryptoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away dev PKI in a private temporary folder, deleted on close: what the config loader checks a
 * {@code dev-pki: true} config against before {@code run} has made the real one, so that checking,
 * auditing or explaining a lab config never writes into its state folder.
 */
final class DevPkiPreview implements AutoCloseable {
    private final Path dir;

    private DevPkiPreview(Path dir) {
        this.dir = dir;
    }

    static DevPkiPreview create() throws IOException, CryptoException {
        Path tmp = Files.createTempDirectory("securelink-dev-pki-preview",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DevPkiPreview p = new DevPkiPreview(tmp);
        try {
            DevPki.ensure(tmp.resolve("dev-pki"));
        } catch (IOException | CryptoException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    Path dir() {
        return dir.resolve("dev-pki");
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind holds only a throw-away PKI nobody trusts
        }
    }
}
