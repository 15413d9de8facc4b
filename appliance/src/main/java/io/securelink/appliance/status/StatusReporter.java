package io.securelink.appliance.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.StatusConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventThrottle;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.report.ApplianceStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the appliance upstream over MQTT ({@code status.mqtt}): an {@link EventSink} on the appliance's
 * event bus whose {@link #emit} only queues (it is called on event loops), a writer thread that numbers
 * each event and appends it to the {@link EventJournal} in the state folder, the {@link MqttUplink} that
 * publishes the journal and the retained birth/death messages, a heartbeat on {@code status}, and the
 * read-only {@link CommandResponder}. Changes to {@code status.mqtt} itself take effect at the next start;
 * a reload re-publishes the birth message with the new config digest.
 */
public final class StatusReporter implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final int QUEUE = 65_536;

    private final StatusSource source;
    private final StatusConfig cfg;
    private final StatusTopics topics;
    private final EventJournal journal;
    private final MqttUplink uplink;
    private final CommandResponder commands;
    private final CommandIntake intake;
    private final CertificateExpiryWatch expiry;
    private final AlertWindow alerts = new AlertWindow();
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>(QUEUE);
    private final AtomicLong queueDropped = new AtomicLong();
    /** Per-connection warnings and alerts: at most 20 per type and link a minute are sent, the rest counted. */
    private final EventThrottle flood = new EventThrottle(20);
    private final ScheduledExecutorService heartbeat;
    private final Thread writer;
    private final String applianceId;
    private final String site;
    private volatile boolean closing;
    private final EventSink bus;
    private volatile JournalOutage outage;

    private StatusReporter(StatusSource source, StatusConfig cfg, EventJournal journal, Optional<SSLSocketFactory> tls,
                           EventSink bus) {
        ApplianceConfig app = source.config();
        this.source = source;
        this.cfg = cfg;
        this.applianceId = app.appliance().id();
        this.site = app.appliance().site();
        this.topics = new StatusTopics(cfg.topicPrefix(), site, applianceId);
        this.journal = journal;
        this.bus = bus;
        this.expiry = new CertificateExpiryWatch(bus);
        byte[] will = StatusJson.bytes(StatusJson.offline(applianceId, site, source.startedAt(), "connection-lost"));
        this.commands = new CommandResponder(source, this::commandMode, this::statusNode, this::reply, bus, topics.replySpace());
        this.intake = new CommandIntake(commands::request, bus);
        this.uplink = new MqttUplink(cfg, topics, journal,
                () -> StatusJson.bytes(StatusJson.online(source.config(), io.securelink.appliance.report.ApplianceVersion.current(), source.startedAt(),
                        uplinkBroker(), cfg.clientId())),
                will, tls, Backoff.fromSystemProperties(), intake);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sl-mqtt-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::writeLoop, "sl-mqtt-journal");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the journal in {@code <state-dir>/mqtt-journal} and starts numbering and journalling events
     * (subscribe the result to the event bus right away, so nothing emitted during start is missed). Fails
     * if the journal cannot be opened or the TLS settings cannot be turned into a socket factory. Nothing is
     * sent until {@link #start}.
     *
     * @param bus where the reporter's own events go (certificate expiry, refused broker, commands served)
     */
    public static StatusReporter open(StatusSource source, EventSink bus) throws IOException, GeneralSecurityException {
        StatusConfig cfg = source.config().status().orElseThrow(() -> new IllegalArgumentException("no status.mqtt in the config"));
        Path dir = source.config().appliance().stateDir().resolve("mqtt-journal");
        Optional<SSLSocketFactory> tls = Optional.empty();
        if (cfg.tls().isPresent()) {
            StatusConfig.MqttTls t = cfg.tls().get();
            tls = Optional.of(MqttSocketFactory.create("mqtt", t.credentials(), t.anchors(), t.pins(), bus));
        }
        EventJournal journal = EventJournal.open(dir, cfg.journalMaxBytes());
        StatusReporter r = new StatusReporter(source, cfg, journal, tls, bus);
        r.writer.start();
        for (EventJournal.Gap g : journal.recoveredGaps()) {
            // Subscribers see an explicit gap, never a silent one.
            r.emit(Event.of(io.securelink.appliance.event.EventType.JOURNAL_GAP, "", "",
                    "events " + g.from() + ".." + g.to() + " will never be delivered: " + g.reason() + " (" + g.lost() + " lost)",
                    java.util.Map.of("from", Long.toString(g.from()), "to", Long.toString(g.to()),
                            "lost", Long.toString(g.lost()), "reason", g.reason())));
        }
        LOG.info("MQTT status to {} as {} under {} (journal {}: {} pending, next sequence {})", cfg.brokers(), cfg.clientId(),
                r.topics.base(), dir, journal.stats().pending(), journal.nextSequence());
        return r;
    }

    /** Starts connecting (on the uplink's own thread) and the heartbeat; call once the links serve. */
    public void start() {
        uplink.start();
        heartbeat.scheduleAtFixedRate(this::beat, 0, cfg.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String uplinkBroker() {
        return uplink == null ? "" : uplink.broker();
    }

    private StatusConfig.Commands commandMode() {
        return source.config().status().map(StatusConfig::commands).orElse(StatusConfig.Commands.OFF);
    }

    private void reply(String topic, byte[] correlation, byte[] payload) {
        uplink.reply(topic, correlation, payload);
    }

    /** Queues the event for the journal; never blocks. If the queue is full the event is counted as dropped. */
    @Override
    public void emit(Event event) {
        if (closing && !writer.isAlive()) {
            return;
        }
        alerts.record(event);
        if (!event.remote().isEmpty() && event.type().severity() != EventType.Severity.INFO) {
            long held = flood.admit(event, System.nanoTime());
            if (held < 0) {
                return;
            }
            if (held > 0) {
                event = withSuppressed(event, held);
            }
        }
        enqueue(event);
    }

    private void enqueue(Event event) {
        if (!queue.offer(event)) {
            queueDropped.incrementAndGet();
        }
    }

    /** The event, saying how many similar ones were held back before it. */
    private static Event withSuppressed(Event e, long held) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>(e.fields());
        f.put("suppressed", Long.toString(held));
        return new Event(e.time(), e.type(), e.link(), e.remote(), e.message(), f);
    }

    /** A minute ended with events held back and none let through since: one event carrying their exact count. */
    private void summariseHeldBack(boolean all) {
        for (EventThrottle.Suppressed s : all ? flood.drainAll() : flood.drainEnded(System.nanoTime())) {
            Event last = s.last();
            enqueue(withSuppressed(new Event(last.time(), last.type(), last.link(), last.remote(),
                    s.count() + " similar event(s) suppressed in a minute; the last: " + last.message(), last.fields()), s.count()));
        }
    }

    /**
     * The journal refused a write: said once (log line and a {@code journal-degraded} alert on the bus, for the
     * audit log and the log; it cannot be journalled itself), then only counted until it writes again.
     */
    private void cannotWrite(Exception e, long lost) {
        JournalOutage o = outage;
        if (o != null) {
            o.lost(lost);
            return;
        }
        String error = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
        o = new JournalOutage(journal.dir(), Instant.now(), error);
        o.lost(lost);
        outage = o;
        LOG.error("MQTT event journal in {} cannot write ({}): events are counted as dropped (journal-dropped), not published, "
                + "until it can; free space on that file system (df {}); retried with every new event", journal.dir(), error, journal.dir());
        bus.emit(Event.of(EventType.JOURNAL_DEGRADED, "", "", "MQTT event journal in " + journal.dir() + " cannot write (" + error
                + "): events are counted as dropped, not published, until it can; free space there", Map.of("error", error)));
    }

    /** A write went through after an outage: the loss, exact, goes to the log, the bus and (journalled) MQTT. */
    private void resumed() {
        JournalOutage o = outage;
        if (o == null) {
            return;
        }
        outage = null;
        Instant now = Instant.now();
        LOG.warn("MQTT event journal in {} writes again: {} event(s) between {} and {} were dropped ({}); they are counted in journal-dropped",
                journal.dir(), o.lost(), o.since(), now, o.error());
        bus.emit(Event.of(EventType.JOURNAL_RESUMED, "", "", "MQTT event journal writes again; " + o.lost() + " event(s) between "
                + o.since() + " and " + now + " were dropped (" + o.error() + ") and are counted in journal-dropped",
                Map.of("lost", Long.toString(o.lost()), "from", o.since().toString(), "to", now.toString(), "error", o.error())));
    }

    /** {@code ok}, or how the journal is degraded (it cannot write: events counted as dropped), for status and heartbeat. */
    public String journalState() {
        JournalOutage o = outage;
        return o == null ? "ok" : o.describe();
    }

    private void writeLoop() {
        List<Event> batch = new ArrayList<>();
        int appended = 0;
        while (true) {
            try {
                summariseHeldBack(closing);
                Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        summariseHeldBack(true);
                        if (queue.isEmpty()) {
                            return;
                        }
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                for (Event e : batch) {
                    journal.append(seq -> StatusJson.bytes(StatusJson.event(seq, e, applianceId, site, journal.dropped())));
                    appended++;
                }
                journal.countDropped(queueDropped.getAndSet(0));
                journal.sync();
                batch.clear();
                appended = 0;
                resumed();
                uplink.wake();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                // Appended records stay and go out with the next sync; only the rest of the batch is lost.
                long lost = batch.size() - appended;
                queueDropped.addAndGet(lost);
                cannotWrite(e, lost);
                batch.clear();
                appended = 0;
            }
        }
    }

    private ObjectNode statusNode() {
        ApplianceStatus s = source.status();
        Instant now = Instant.now();
        ObjectNode n = StatusJson.status(s, io.securelink.appliance.report.ApplianceVersion.current(), cfg.heartbeat(), JvmHealth.now(), journal.stats(),
                alerts.lastHour(now), StatusJson.ownChainDaysLeft(source.config(), now));
        n.put("audit-log", source.auditLog());
        ((ObjectNode) n.get("journal")).put("state", journalState());
        ObjectNode c = n.putObject("command-requests");
        c.put("dropped", intake.dropped());
        c.put("refused-response-topics", commands.refusedResponseTopics());
        return n;
    }

    private void beat() {
        try {
            ApplianceStatus s = source.status();
            if (s.applianceId().isEmpty() || closing) {
                return;
            }
            expiry.check(source.config(), s, Instant.now());
            uplink.publishStatus(StatusJson.bytes(statusNode()));
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed: {}", e.toString());
        }
    }

    /** A reload was applied: re-publish the birth message and a heartbeat carrying the new config digest. */
    public void configChanged(ApplianceConfig next) {
        if (!next.status().equals(java.util.Optional.of(cfg))) {
            LOG.warn("status.mqtt changed: broker, topic and journal settings take effect at the next start");
        }
        uplink.republishBirth();
        try {
            heartbeat.execute(this::beat);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // Stopping: no more heartbeats.
        }
    }

    public StatusTopics topics() {
        return topics;
    }

    public EventJournal.Stats journalStats() {
        return journal.stats();
    }

    public boolean connected() {
        return uplink.isConnected();
    }

    /**
     * Stops the heartbeat, writes the last queued events to the journal, gives the uplink a moment to
     * deliver them, publishes {@code offline} (retained) and disconnects cleanly.
     */
    @Override
    public void close() {
        closing = true;
        heartbeat.shutdownNow();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration flush = Duration.ofMillis(Long.getLong("securelink.mqtt.stop-flush-ms", 3000));
        uplink.stop(StatusJson.bytes(StatusJson.offline(applianceId, site, source.startedAt(), "stopped")), flush);
        intake.shutdown();
        journal.close();
    }
}
