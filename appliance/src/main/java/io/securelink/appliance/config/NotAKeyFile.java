package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PEM file named as a link's {@code key} that holds certificates and no private key: the certificate
 * and key swapped, or the certificate named twice. Looked at only when the file is readable by every user
 * (so the usual path reads nothing more), where the mode would otherwise be blamed: a certificate may be
 * world-readable, and {@code chmod 600} on it fixes nothing.
 */
final class NotAKeyFile {
    private static final long MAX_BYTES = 1 << 20;

    private NotAKeyFile() {
    }

    static Optional<String> why(Path p) {
        try {
            if (Files.size(p) > MAX_BYTES) {
                return Optional.empty();
            }
            String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            if (text.contains("-----BEGIN CERTIFICATE-----") && !text.contains("PRIVATE KEY-----")) {
                return Optional.of(p + " holds a certificate, not a private key: 'key' names the private key file (PEM "
                        + "BEGIN ... PRIVATE KEY, or a .p12), 'certificate' the certificate chain; were the two swapped?");
            }
        } catch (IOException e) {
            // Unreadable: the usual problem stands.
        }
        return Optional.empty();
    }
}
