package io.securelink.appliance.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file keepalived's {@code track_file} reads (with {@code weight 0}: {@code 0} is healthy, anything
 * else puts the VRRP instance in FAULT and gives the virtual IP away). Written whole to a temporary file
 * in the same folder and renamed over the old one, so keepalived (woken by inotify) never reads half a
 * value. Mode 0644: the value is no secret and keepalived may run as another user.
 */
public final class HealthFile {
    private final Path file;

    public HealthFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public void write(boolean healthy) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, healthy ? "0\n" : "1\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
