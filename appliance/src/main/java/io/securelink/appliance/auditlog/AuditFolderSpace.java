package io.securelink.appliance.auditlog;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audit log never deletes its rotated files (they are the evidence; the site archives them), so on an
 * appliance left alone for years the folder grows until the disk is full, and then the audit log and the
 * MQTT journal on the same disk stop writing. This says so in time: at start and at every rotation, when the
 * file system holding the log has less room left than {@code headroomFiles} more rotations need or less
 * than a tenth of its size, the result names the rotated files, their total size, the room left and what to do.
 */
final class AuditFolderSpace {
    private AuditFolderSpace() {
    }

    /** A warning when room is short, empty otherwise. */
    static Optional<String> check(Path dir, long maxFileBytes, int headroomFiles) throws IOException {
        FileStore store = Files.getFileStore(dir);
        long usable = store.getUsableSpace();
        long total = store.getTotalSpace();
        long need = Math.max(maxFileBytes * headroomFiles, total / 10);
        if (usable >= need) {
            return Optional.empty();
        }
        List<Path> files = AuditLogFiles.inChainOrder(dir);
        long rotated = 0;
        int count = 0;
        for (Path f : files) {
            if (!f.getFileName().toString().equals(AuditLogFiles.CURRENT)) {
                rotated += Files.size(f);
                count++;
            }
        }
        return Optional.of("the file system of the audit log " + dir + " has " + size(usable) + " left of " + size(total)
                + " (less than " + size(need) + "); the audit log holds " + count + " rotated file(s), " + size(rotated)
                + ", which the appliance never deletes: copy the oldest audit-*.log (with audit-signing.crt) off the appliance,"
                + " then delete them there; when the disk is full the audit log and the MQTT journal stop writing");
    }

    private static String size(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
