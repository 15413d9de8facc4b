package io.securelink.appliance.auditlog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends hash-chained records to the audit log files of one folder, signing a checkpoint every
 * {@code checkpointEvery} records, before each rotation and on {@link #close}. Picks the chain up where
 * an earlier run left it (sequence number and hash of the last line), so restarts continue one chain.
 * Confined to one thread (the audit log's writer thread).
 */
final class AuditLogWriter implements AutoCloseable {
    private final Path dir;
    private final AuditSigningKey key;
    private final AuditLogSettings settings;
    private final Clock clock;
    private FileChannel channel;
    private final LiveLogLock live;
    private long size;
    private long firstSeqOfFile;
    private long nextSeq;
    private String prev;
    private int sinceCheckpoint;
    private boolean fileHasRecords;
    private int rotations;
    private java.util.Optional<TornRecord> torn = java.util.Optional.empty();

    AuditLogWriter(Path dir, AuditSigningKey key, AuditLogSettings settings, Clock clock) throws IOException {
        this.dir = dir;
        this.key = key;
        this.settings = settings;
        this.clock = clock;
        this.live = LiveLogLock.acquire(dir);
        try {
            resume();
        } catch (IOException | RuntimeException e) {
            live.close();
            throw e;
        }
    }

    private void resume() throws IOException {
        List<Path> files = AuditLogFiles.inChainOrder(dir);
        nextSeq = 0;
        prev = RecordLines.GENESIS;
        Path current = dir.resolve(AuditLogFiles.CURRENT);
        // A record cut short by a crash: cut it off, so the chain continues from the last whole record.
        torn = TornRecord.cutFrom(current);
        for (int i = files.size() - 1; i >= 0; i--) {
            Tail tail = Tail.of(files.get(i));
            if (tail.lastLine() == null) {
                continue;
            }
            prev = RecordLines.sha256(tail.lastLine());
            nextSeq = tail.lastSeq() + 1;
            break;
        }
        open(current);
    }

    private void open(Path current) throws IOException {
        if (!Files.exists(current)) {
            Files.createFile(current, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        channel = FileChannel.open(current, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        fileHasRecords = size > 0;
        Tail head = fileHasRecords ? Tail.firstOf(current) : null;
        firstSeqOfFile = head != null && head.lastSeq() >= 0 ? head.lastSeq() : nextSeq;
    }

    long nextSeq() {
        return nextSeq;
    }

    /** The unfinished record the previous run left and this start cut off, if any (for the audit-opened record). */
    java.util.Optional<TornRecord> torn() {
        return torn;
    }

    /** Appends one record (rotating first when it would not fit) and a checkpoint when one is due. */
    void append(String type, Map<String, String> fields) throws IOException {
        String line = RecordLines.line(nextSeq, clock.instant().toString(), type, fields, prev);
        if (fileHasRecords && size + line.length() + 1 > settings.maxFileBytes()) {
            rotate();
            line = RecordLines.line(nextSeq, clock.instant().toString(), type, fields, prev);
        }
        write(line);
        if (++sinceCheckpoint >= settings.checkpointEvery()) {
            try {
                checkpoint("interval", false);
            } catch (IOException e) {
                // The record is written; the checkpoint is tried again with the next record.
            }
        }
    }

    /** Signs the chain so far; {@code last} marks the checkpoint written when the appliance stops. */
    void checkpoint(String reason, boolean last) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("reason", reason);
        f.put("final", Boolean.toString(last));
        f.put("records", Integer.toString(sinceCheckpoint));
        f.put("alg", AuditSigningKey.ALGORITHM);
        f.put("key", key.pin().toString());
        String unsigned = RecordLines.line(nextSeq, clock.instant().toString(), RecordLines.CHECKPOINT, f, prev);
        write(RecordLines.withSignature(unsigned, key.sign(unsigned)));
        sinceCheckpoint = 0;
        channel.force(false);
    }

    private void rotate() throws IOException {
        checkpoint("rotation", false);
        channel.close();
        Path current = dir.resolve(AuditLogFiles.CURRENT);
        Files.move(current, AuditLogFiles.rotatedName(dir, firstSeqOfFile), StandardCopyOption.ATOMIC_MOVE);
        firstSeqOfFile = nextSeq;
        open(current);
        rotations++;
    }

    /** How many times this writer rotated the log (the owner checks the room left after each). */
    int rotations() {
        return rotations;
    }

    /**
     * Writes one line whole or not at all: when the write fails (a full disk) the bytes that did land
     * are cut off again, so the chain never holds a torn record and the same number is used next time.
     */
    private void write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException ignored) {
                // Nothing more to do: the verifier reports a torn final record as such.
            }
            throw e;
        }
        size += bytes.length;
        fileHasRecords = true;
        prev = RecordLines.sha256(line);
        nextSeq++;
    }

    @Override
    public void close() throws IOException {
        try {
            checkpoint("stop", true);
        } finally {
            try {
                channel.close();
            } finally {
                live.close();
            }
        }
    }

    /** The last (or first) line of a file and its sequence number (-1 when unreadable). */
    record Tail(String lastLine, long lastSeq, boolean endsWithNewline) {
        static Tail of(Path file) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long len = f.length();
                if (len == 0) {
                    return new Tail(null, -1, true);
                }
                f.seek(len - 1);
                boolean nl = f.read() == '\n';
                long end = nl ? len - 1 : len;
                long pos = end;
                byte[] buf = new byte[8192];
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                outer:
                while (pos > 0) {
                    int n = (int) Math.min(buf.length, pos);
                    pos -= n;
                    f.seek(pos);
                    f.readFully(buf, 0, n);
                    for (int i = n - 1; i >= 0; i--) {
                        if (buf[i] == '\n') {
                            pos += i + 1;
                            break outer;
                        }
                    }
                }
                f.seek(pos);
                byte[] bytes = new byte[(int) (end - pos)];
                f.readFully(bytes);
                line.write(bytes);
                String text = line.toString(StandardCharsets.UTF_8);
                long seq = RecordLines.parse(text).map(RecordLines.Parsed::seq).orElseGet(() -> lastParseableSeq(file));
                return new Tail(text, seq, nl);
            }
        }

        static Tail firstOf(Path file) throws IOException {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String first = r.readLine();
                if (first == null) {
                    return null;
                }
                return new Tail(first, RecordLines.parse(first).map(RecordLines.Parsed::seq).orElse(-1L), true);
            }
        }

        private static long lastParseableSeq(Path file) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    var p = RecordLines.parse(lines.get(i));
                    if (p.isPresent()) {
                        return p.get().seq() + (lines.size() - 1 - i);
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through
            }
            return -1;
        }
    }
}
