package io.securelink.appliance.auditlog;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventThrottle;
import io.securelink.appliance.event.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident audit log: an {@link EventSink} that records what an auditor must be able to prove
 * afterwards (start and stop, reloads with digests and trigger, pin/identity/chain failures, remote
 * commands served, and per-interval summaries of policy denials) as hash-chained JSON lines in
 * {@code state-dir/audit/}, with signed checkpoints. {@link #emit} never blocks: records go through a
 * bounded queue to one writer thread (overflow is counted and recorded), and denials are only counted.
 * {@link #close} drains the queue and writes the final signed checkpoint.
 */
public final class AuditLog implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final Set<EventType> RECORDED = Set.of(EventType.STARTED, EventType.STOPPING, EventType.RELOAD_APPLIED,
            EventType.RELOAD_REFUSED, EventType.COMMAND_SERVED, EventType.CERT_EXPIRING,
            EventType.ROLE_CHANGED, EventType.HEALTH_CHANGED,
            EventType.CONNECTION_REVOKED, EventType.CRL_UNUSABLE, EventType.CRL_EXPIRING,
            EventType.JOURNAL_DEGRADED, EventType.JOURNAL_RESUMED);
    private static final Set<EventType> ALERTS = Set.of(EventType.PIN_FAILED, EventType.IDENTITY_REFUSED, EventType.CHAIN_REFUSED,
            EventType.CERT_REVOKED);
    private static final Set<EventType> COUNTED = Set.of(EventType.CONNECTION_DENIED, EventType.LIMIT_HIT,
            EventType.HANDSHAKE_FAILED, EventType.NO_ROUTE);
    private static final Object STOP = new Object();

    private final AuditLogWriter writer;
    private final AuditLogSettings settings;
    private final BlockingQueue<Object> queue;
    private final DenialCounts denials = new DenialCounts();
    private final EventThrottle alertThrottle;
    private final AtomicLong dropped = new AtomicLong();
    /** Summaries taken from {@link #denials} and not yet written (a write failed): written first once the disk takes them. */
    private final java.util.ArrayDeque<Map<String, String>> unwrittenSummaries = new java.util.ArrayDeque<>();
    private long unwrittenDropped;
    private final Thread thread;
    private final Path dir;
    private final EventSink alerts;
    private final long retryNanos = TimeUnit.SECONDS.toNanos(Math.min(10, Math.max(1, Long.getLong("securelink.audit.retry-seconds", 10))));
    private volatile AuditOutage outage;
    private volatile boolean closed;
    private int checkedRotations;
    /** The audit-opened record of a start on a full disk, written first when the disk has room. */
    private Map<String, String> unwrittenOpened;

    /** Whether records are being written, and how many were lost since the disk stopped taking them. */
    public record Health(boolean degraded, long unwritten, String since, String error) {
    }

    private AuditLog(Path dir, AuditLogWriter writer, AuditLogSettings settings, EventSink alerts) {
        this.dir = dir;
        this.alerts = alerts;
        this.writer = writer;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.alertThrottle = new EventThrottle(settings.alertsPerMinute());
        this.thread = new Thread(this::run, "sl-audit-log");
        thread.setDaemon(true);
    }

    /**
     * Opens (or continues) the audit log in {@code state-dir/audit}, creating the signing key on first use,
     * and starts the writer thread. The first record of every run says which key signs and where the chain resumed.
     */
    public static AuditLog open(Path stateDir, String applianceId, AuditLogSettings settings) throws IOException {
        return open(stateDir, applianceId, settings, e -> { });
    }

    /**
     * As above; {@code alerts} gets an {@code audit-degraded} alert when the log cannot write (a full disk:
     * the links keep serving, records are counted by kind) and {@code audit-resumed} once a retry (at least
     * every 10 s) has written the signed {@code audit-gap} record that puts the loss on the record.
     */
    public static AuditLog open(Path stateDir, String applianceId, AuditLogSettings settings, EventSink alerts) throws IOException {
        Path dir = AuditLogFiles.folderIn(stateDir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        AuditSigningKey key = AuditSigningKey.loadOrCreate(dir, applianceId);
        AuditLogWriter writer = new AuditLogWriter(dir, key, settings, Clock.systemUTC());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("appliance", applianceId);
        f.put("key", key.pin().toString());
        f.put("certificate", dir.resolve(AuditSigningKey.CERT_FILE).toString());
        f.put("resumed-at-seq", Long.toString(writer.nextSeq()));
        writer.torn().ifPresent(t -> {
            f.put("torn-bytes", Integer.toString(t.bytes()));
            f.put("torn-tail", t.text());
            LOG.warn("audit log in {}: the previous run was cut off while writing a record after seq {} (killed or crashed); "
                    + "its {} unfinished byte(s) were cut off and kept in this run's audit-opened record", dir, writer.nextSeq() - 1, t.bytes());
        });
        AuditLog log = new AuditLog(dir, writer, settings, alerts);
        try {
            writer.append("audit-opened", f);
        } catch (IOException fullDisk) {
            // A restart on a full disk serves as a running appliance does: degraded, and the record waits.
            log.unwrittenOpened = f;
            log.degrade(fullDisk);
        }
        log.checkSpace();
        log.thread.start();
        return log;
    }

    public Path folder() {
        return dir;
    }

    @Override
    public void emit(Event e) {
        if (closed) {
            return;
        }
        if (COUNTED.contains(e.type())) {
            denials.add(e);
        } else if (ALERTS.contains(e.type())) {
            if (alertThrottle.admit(e.type() + "/" + e.link(), System.nanoTime()) < 0) {
                denials.add(e);
            } else {
                offer(e);
            }
        } else if (RECORDED.contains(e.type())) {
            offer(e);
        }
    }

    private void offer(Event e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        long summaryNanos = settings.summaryInterval().toNanos();
        long nextSummary = System.nanoTime() + summaryNanos;
        long nextRetry = 0;
        try {
            while (true) {
                long due = outage == null ? nextSummary : Math.min(nextSummary, nextRetry);
                Object item = queue.poll(Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (item == STOP) {
                    break;
                }
                if (outage != null && System.nanoTime() - nextRetry >= 0) {
                    tryResume();
                    nextRetry = System.nanoTime() + retryNanos;
                }
                boolean writing = outage == null;
                if (item instanceof Event e) {
                    record(e);
                }
                if (System.nanoTime() - nextSummary >= 0) {
                    summarise();
                    nextSummary = System.nanoTime() + summaryNanos;
                }
                if (writing && outage != null) {
                    // The first retry one interval after the outage began; later failures do not push it back.
                    nextRetry = System.nanoTime() + retryNanos;
                }
            }
            Object rest;
            while ((rest = queue.poll()) != null) {
                if (rest instanceof Event e) {
                    record(e);
                }
            }
            if (outage != null) {
                tryResume();
            }
            summarise();
            if (outage == null) {
                writer.close();
            } else {
                LOG.error("audit log in {}: stopping while the disk still refuses writes; {} record(s) lost since {}, "
                        + "and the denial counts since the last summary written; no final checkpoint", dir, outage.lost(), outage.since());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("audit log in {} failed, no further records are written: {}", dir, e.toString());
        }
    }

    /** Writes {@code e}, or (while the disk refuses) counts its record as lost. */
    private void record(Event e) {
        String kind = e.type().wireName();
        if (outage != null) {
            outage.lost(kind, java.time.Instant.now());
            return;
        }
        try {
            write(e);
        } catch (IOException failed) {
            degrade(failed).lost(kind, outage.since());
        }
    }

    /**
     * Writes the denial summaries due (and the count of events the full queue turned away). The counts are
     * never lost to a full disk: while the log cannot write they keep adding up, and summaries a failed write
     * left over are written first once it can, so every refusal is counted exactly once.
     */
    private void summarise() {
        if (outage != null) {
            return;
        }
        try {
            writeSummaries();
        } catch (IOException e) {
            degrade(e);
        }
    }

    private AuditOutage degrade(IOException e) {
        outage = new AuditOutage(java.time.Instant.now(), String.valueOf(e.getMessage()));
        LOG.error("audit log in {} cannot write ({}): links keep serving, records are counted until it can; free space on "
                        + "that file system (df {}); retrying every {} s", dir, e.getMessage(), dir, TimeUnit.NANOSECONDS.toSeconds(retryNanos));
        alerts.emit(Event.of(EventType.AUDIT_DEGRADED, "", "", "audit log in " + dir + " cannot write (" + e.getMessage()
                + "): records are counted, not written, until it can; free space there", Map.of("error", String.valueOf(e.getMessage()))));
        return outage;
    }

    /** Writes the signed gap record; on success the log is whole again. */
    private void tryResume() {
        AuditOutage o = outage;
        java.time.Instant now = java.time.Instant.now();
        try {
            if (unwrittenOpened != null) {
                writer.append("audit-opened", unwrittenOpened);
                unwrittenOpened = null;
            }
            writer.append("audit-gap", o.gapRecord(now));
            writer.checkpoint("gap", false);
        } catch (IOException stillFull) {
            return;
        }
        outage = null;
        LOG.warn("audit log in {} writes again: {} record(s) lost between {} and {} are on the record (audit-gap)", dir, o.lost(), o.since(), now);
        alerts.emit(Event.of(EventType.AUDIT_RESUMED, "", "", "audit log writes again; " + o.lost() + " record(s) lost between "
                + o.since() + " and " + now + " are recorded in an audit-gap record", Map.of("lost", Long.toString(o.lost()))));
    }

    /** Whether the log is writing, for status and heartbeat. */
    public Health health() {
        AuditOutage o = outage;
        return o == null ? new Health(false, 0, "", "") : new Health(true, o.lost(), o.since().toString(), o.error());
    }

    /** At start and after every rotation: an audit-space-low warning while the disk has little room left. */
    private void checkSpace() {
        checkedRotations = writer.rotations();
        try {
            AuditFolderSpace.check(dir, settings.maxFileBytes(), 4).ifPresent(w -> {
                LOG.warn("audit log: {}", w);
                alerts.emit(Event.of(EventType.AUDIT_SPACE_LOW, "", "", w, Map.of("folder", dir.toString())));
            });
        } catch (IOException e) {
            LOG.warn("audit log in {}: cannot tell how much room is left: {}", dir, e.getMessage());
        }
    }

    private void write(Event e) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("link", e.link());
        f.put("remote", e.remote());
        f.put("message", e.message());
        f.put("event-time", e.time().toString());
        e.fields().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(x -> f.putIfAbsent(x.getKey(), x.getValue()));
        writer.append(e.type().wireName(), f);
        if (writer.rotations() != checkedRotations) {
            checkSpace();
        }
    }

    private void writeSummaries() throws IOException {
        unwrittenSummaries.addAll(denials.drain());
        unwrittenDropped += dropped.getAndSet(0);
        while (!unwrittenSummaries.isEmpty()) {
            writer.append("denials-summary", unwrittenSummaries.peekFirst());
            unwrittenSummaries.removeFirst();
        }
        if (unwrittenDropped > 0) {
            writer.append("audit-dropped", Map.of("count", Long.toString(unwrittenDropped),
                    "message", unwrittenDropped + " event(s) not recorded: the audit queue was full"));
            unwrittenDropped = 0;
        }
    }

    /** Writes what is queued and counted, then the final signed checkpoint; waits at most 10 s. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
