package io.securelink.appliance.auditlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The unfinished record a killed or crashed writer (kill -9, power loss) leaves at the end of
 * {@code audit.log}: bytes after the last newline. Left in place, the next run's records would follow a line
 * that is not a record, and every later verification would call the log edited. So the next start cuts
 * those bytes off the file, continues the chain from the last whole record, and puts the cut bytes on the
 * record in its {@code audit-opened} record ({@code torn-bytes}, {@code torn-tail}), where
 * {@code audit-log verify} reports them. Only the current file can end torn: a rotated file ends with a
 * checkpoint written before the rotation.
 */
record TornRecord(long offset, String text, int bytes) {
    /** Longest cut-off text kept in the audit-opened record (a record is normally well under 1 KiB). */
    static final int MAX_KEPT = 16 * 1024;

    /** Cuts an unfinished last line off {@code file}; empty when the file ends with a newline (or is absent or empty). */
    static Optional<TornRecord> cutFrom(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long len = ch.size();
            if (len == 0 || byteAt(ch, len - 1) == '\n') {
                return Optional.empty();
            }
            long start = len - 1;
            while (start > 0 && byteAt(ch, start - 1) != '\n') {
                start--;
            }
            int n = (int) Math.min(len - start, MAX_KEPT);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                // read the kept part of the cut-off bytes
            }
            ch.truncate(start);
            ch.force(true);
            return Optional.of(new TornRecord(start, new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8),
                    (int) Math.min(Integer.MAX_VALUE, len - start)));
        }
    }

    private static int byteAt(FileChannel ch, long pos) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (ch.read(one, pos) != 1) {
            throw new IOException("cannot read byte " + pos + " of the audit log");
        }
        return one.get(0);
    }
}
