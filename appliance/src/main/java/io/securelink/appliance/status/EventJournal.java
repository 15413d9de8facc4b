package io.securelink.appliance.status;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.zip.CRC32;

/**
 * The append-only, file-backed queue of events waiting for a broker, in the state folder. Every event gets
 * the next number of a per-appliance sequence, and a number that may have reached anyone is never issued
 * twice, whatever happens to the records: the high-water mark lives in {@code journal.properties}, apart
 * from the records, and is forced to disk by {@link #sync} before the events it covers can be read for
 * publishing ({@link #readAfter} returns synced records only), so numbers neither repeat nor skip across
 * restarts, clean or killed. Published events are acknowledged
 * and their segments deleted; when the journal would exceed {@code maxBytes} the oldest segments are
 * dropped and the dropped events counted (the count is persisted too and reported in every heartbeat and
 * event). On open, damaged or torn records are cut off, and every sequence range that will never be
 * delivered is logged, counted in {@code dropped} (when records were lost) and handed out as a
 * {@link Gap} for the owner to publish. Files are 0640. Thread-safe; every method does file I/O, so it
 * is never called on an event loop.
 */
public final class EventJournal implements Closeable {
    private static final String META = "journal.properties";
    private static final int HEADER = 4 + 8 + 4;
    private static final int MAX_RECORD = 1 << 20;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventJournal.class);

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long nextSeq;
    private long acked;
    private long dropped;
    private long bytes;
    private FileChannel active;
    private boolean metaDirty;
    private long issued;
    private long synced;
    private final List<Gap> gaps = new ArrayList<>();

    /**
     * Sequence numbers {@code from..to} that will never be delivered: {@code lost} records that were
     * synced (so may have been published, or were waiting to be) and are gone, to damage or a torn write.
     */
    public record Gap(long from, long to, long lost, String reason) {
    }

    /** One record read back: its sequence number and the payload as appended. */
    public record Entry(long seq, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** What the journal holds now, for heartbeats. */
    public record Stats(long nextSeq, long acked, long pending, long bytes, long dropped, long maxBytes) {
    }

    private static final class Segment {
        final Path path;
        final long firstSeq;
        long[] offsets = new long[64];
        int count;
        long size;

        Segment(Path path, long firstSeq) {
            this.path = path;
            this.firstSeq = firstSeq;
        }

        long lastSeq() {
            return firstSeq + count - 1;
        }

        void add(long offset) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = offset;
        }
    }

    private EventJournal(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(16 * 1024, maxBytes / 16);
    }

    /** The folder the journal writes in (what an operator checks with {@code df} when it cannot write). */
    public Path dir() {
        return dir;
    }

    /**
     * The folder holds what the appliance reports (peers, refusals): nothing in the state folder is for every
     * user. Earlier versions created it 0755; take the other users' access away and say so.
     */
    private static void closeToOthers(Path dir) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            java.util.Set<java.nio.file.attribute.PosixFilePermission> others = java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
            if (p.removeAll(others)) {
                Files.setPosixFilePermissions(dir, p);
                LOG.warn("event journal folder {} was open to every user; now {}", dir,
                        java.nio.file.attribute.PosixFilePermissions.toString(p));
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to tighten.
        }
    }

    /** Opens (or creates) the journal in {@code dir}, recovering sequence, acknowledgements and drops. */
    public static EventJournal open(Path dir, long maxBytes) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } else {
            closeToOthers(dir);
        }
        EventJournal j = new EventJournal(dir, maxBytes);
        j.recover();
        return j;
    }

    private void recover() throws IOException {
        Properties meta = new Properties();
        Path metaFile = dir.resolve(META);
        if (Files.exists(metaFile)) {
            try (var in = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                meta.load(in);
            }
        }
        acked = Long.parseLong(meta.getProperty("acked", "0"));
        dropped = Long.parseLong(meta.getProperty("dropped", "0"));
        issued = Long.parseLong(meta.getProperty("issued", "0"));
        nextSeq = acked + 1;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "events-*.log")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        long cutAt = -1; // the first number of records cut off the previous segment, if it was damaged
        for (Path f : files) {
            long first = Long.parseLong(f.getFileName().toString().replace("events-", "").replace(".log", ""));
            if (cutAt >= 0 && first > cutAt) {
                lost(cutAt, first - 1, first - cutAt, "damaged records in the event journal");
            }
            Segment s = new Segment(f, first);
            cutAt = scan(s) ? s.firstSeq + s.count : -1;
            restrictMode(f);
            if (s.count == 0) {
                Files.delete(f);
                continue;
            }
            segments.put(first, s);
            bytes += s.size;
            nextSeq = Math.max(nextSeq, s.lastSeq() + 1);
        }
        if (cutAt >= 0) {
            // Damage in the newest segment: the records after it, up to the high-water mark, are gone.
            long to = Math.max(issued, cutAt);
            lost(cutAt, to, to - cutAt + 1, "damaged or torn records in the event journal");
            nextSeq = Math.max(nextSeq, to + 1);
        } else if (issued >= nextSeq) {
            // Synced records that are no longer there (cut at a record boundary): gone, never to be reused.
            lost(nextSeq, issued, issued - nextSeq + 1, "synced records missing from the event journal");
            nextSeq = issued + 1;
        }
        issued = nextSeq - 1;
        synced = issued;
        metaDirty = true;
        deleteAcknowledgedSegments(false);
        try {
            writeMeta();
        } catch (IOException fullDisk) {
            // A restart on a full disk: what was recovered is on disk already; the marks are written with the next sync.
            LOG.warn("event journal {}: cannot write {} now ({}); written with the next event", dir, META, fullDisk.getMessage());
        }
    }

    private void lost(long from, long to, long count, String reason) {
        gaps.add(new Gap(from, to, count, reason));
        dropped += count;
        LOG.error("event journal {}: {}: sequence {}..{} will never be delivered ({} record(s) lost; {} dropped in total)",
                dir, reason, from, to, count, dropped);
    }

    /** The ranges found missing when the journal was opened, for the owner to publish as an event. */
    public synchronized List<Gap> recoveredGaps() {
        return List.copyOf(gaps);
    }

    private static void restrictMode(Path f) {
        try {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to restrict.
        }
    }

    /** Reads a segment's records, truncating it after the last intact one; true when anything was cut off. */
    private static boolean scan(Segment s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0;
            long size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (pos + HEADER <= size) {
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                int len = header.getInt();
                long seq = header.getLong();
                int crc = header.getInt();
                if (len < 0 || len > MAX_RECORD || pos + HEADER + len > size || seq != s.firstSeq + s.count) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                readFully(ch, body, pos + HEADER);
                if (crc(body.array()) != crc) {
                    break;
                }
                s.add(pos);
                pos += HEADER + len;
            }
            s.size = pos;
            if (pos < size) {
                ch.truncate(pos);
                return true;
            }
            return false;
        }
    }

    /**
     * Appends one event: assigns it the next sequence number, lets {@code render} build the payload that
     * carries that number, and writes it. Call {@link #sync} after a batch to make it durable.
     *
     * @return the sequence number assigned
     */
    public synchronized long append(LongFunction<byte[]> render) throws IOException {
        long seq = nextSeq;
        byte[] payload = render.apply(seq);
        if (payload.length > MAX_RECORD) {
            throw new IOException("event " + seq + " is " + payload.length + " bytes, more than a record may hold");
        }
        Segment seg = segments.isEmpty() ? null : segments.lastEntry().getValue();
        if (seg == null || active == null || seg.size + HEADER + payload.length > segmentBytes) {
            seg = roll(seq);
        }
        ByteBuffer rec = ByteBuffer.allocate(HEADER + payload.length);
        rec.putInt(payload.length).putLong(seq).putInt(crc(payload)).put(payload).flip();
        long at = seg.size;
        while (rec.hasRemaining()) {
            active.write(rec, at + rec.position());
        }
        seg.add(at);
        seg.size += HEADER + payload.length;
        bytes += HEADER + payload.length;
        nextSeq = seq + 1;
        enforceLimit();
        return seq;
    }

    private Segment roll(long firstSeq) throws IOException {
        if (active != null) {
            active.force(false);
            active.close();
            active = null; // a failed open below (full disk) must not leave a closed channel to write to
        }
        Path p = dir.resolve(String.format("events-%020d.log", firstSeq));
        active = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        active.truncate(0);
        restrictMode(p);
        Segment s = new Segment(p, firstSeq);
        segments.put(firstSeq, s);
        return s;
    }

    private void enforceLimit() throws IOException {
        while (bytes > maxBytes && segments.size() > 1) {
            Segment oldest = segments.pollFirstEntry().getValue();
            long unacked = Math.max(0, oldest.lastSeq() - Math.max(acked, oldest.firstSeq - 1));
            dropped += unacked;
            acked = Math.max(acked, oldest.lastSeq());
            bytes -= oldest.size;
            Files.deleteIfExists(oldest.path);
            metaDirty = true;
            org.slf4j.LoggerFactory.getLogger(EventJournal.class).warn(
                    "event journal {} is full ({} bytes max): dropped {} undelivered event(s) up to {}; {} dropped in total",
                    dir, maxBytes, unacked, oldest.lastSeq(), dropped);
        }
        if (metaDirty) {
            writeMeta();
        }
    }

    /**
     * Forces appended records to disk, then the high-water mark that covers them; only then may they be
     * read for publishing.
     */
    public synchronized void sync() throws IOException {
        if (active != null) {
            active.force(false);
        }
        if (issued != nextSeq - 1) {
            issued = nextSeq - 1;
            metaDirty = true;
            writeMeta();
        }
        synced = nextSeq - 1;
    }

    /** Up to {@code max} records after {@code afterSeq} that are still held, in order. */
    public synchronized List<Entry> readAfter(long afterSeq, int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long seq = Math.max(afterSeq + 1, acked + 1);
        while (out.size() < max && seq <= synced) {
            Map.Entry<Long, Segment> e = segments.floorEntry(seq);
            if (e == null) {
                Map.Entry<Long, Segment> next = segments.ceilingEntry(seq);
                if (next == null) {
                    break;
                }
                seq = next.getKey();
                continue;
            }
            Segment s = e.getValue();
            if (seq > s.lastSeq()) {
                Map.Entry<Long, Segment> next = segments.higherEntry(e.getKey());
                if (next == null) {
                    break;
                }
                seq = next.getKey();
                continue;
            }
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
                while (out.size() < max && seq <= s.lastSeq() && seq <= synced) {
                    long pos = s.offsets[(int) (seq - s.firstSeq)];
                    ByteBuffer header = ByteBuffer.allocate(HEADER);
                    readFully(ch, header, pos);
                    header.flip();
                    int len = header.getInt();
                    long recSeq = header.getLong();
                    header.getInt();
                    if (recSeq != seq) {
                        throw new IOException(s.path + ": expected record " + seq + " at " + pos + ", found " + recSeq);
                    }
                    ByteBuffer body = ByteBuffer.allocate(len);
                    readFully(ch, body, pos + HEADER);
                    out.add(new Entry(seq, body.array()));
                    seq++;
                }
            }
        }
        return out;
    }

    /** Marks every record up to {@code seq} as published; whole segments behind it are deleted. */
    public synchronized void acknowledge(long seq) throws IOException {
        if (seq <= acked) {
            return;
        }
        acked = Math.min(seq, nextSeq - 1);
        metaDirty = true;
        deleteAcknowledgedSegments(true);
        writeMeta();
    }

    private void deleteAcknowledgedSegments(boolean keepActive) throws IOException {
        while (!segments.isEmpty()) {
            Segment first = segments.firstEntry().getValue();
            boolean isActive = first == segments.lastEntry().getValue() && active != null;
            if (first.lastSeq() > acked || (keepActive && isActive)) {
                break;
            }
            segments.pollFirstEntry();
            bytes -= first.size;
            Files.deleteIfExists(first.path);
        }
    }

    /** The sequence number of the last event published and acknowledged (0 if none yet). */
    public synchronized long acknowledged() {
        return acked;
    }

    /** The number the next appended event will get. */
    public synchronized long nextSequence() {
        return nextSeq;
    }

    /** Events dropped so far, since the journal was created, because it was full (or the queue to it overflowed). */
    public synchronized long dropped() {
        return dropped;
    }

    /** Counts events lost before reaching the journal (e.g. the in-memory queue overflowed). */
    public synchronized void countDropped(long n) throws IOException {
        if (n > 0) {
            dropped += n;
            metaDirty = true;
            writeMeta();
        }
    }

    public synchronized Stats stats() {
        return new Stats(nextSeq, acked, nextSeq - 1 - acked, bytes, dropped, maxBytes);
    }

    private void writeMeta() throws IOException {
        if (!metaDirty) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("acked", Long.toString(acked));
        p.setProperty("dropped", Long.toString(dropped));
        p.setProperty("issued", Long.toString(issued));
        Path tmp = dir.resolve(META + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.io.StringWriter w = new java.io.StringWriter();
            p.store(w, "securelink event journal");
            ch.write(ByteBuffer.wrap(w.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        restrictMode(tmp);
        Files.move(tmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself is durable before the numbers it reserves are used
        } catch (IOException notSupported) {
            // Some file systems cannot sync a directory; the rename is still atomic.
        }
        metaDirty = false;
    }

    @Override
    public synchronized void close() {
        try {
            if (active != null) {
                active.force(false);
                active.close();
                active = null;
            }
            issued = nextSeq - 1;
            metaDirty = true;
            writeMeta();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the event journal in " + dir, e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of journal segment");
            }
        }
    }

    private static int crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }
}
