package io.securelink.appliance.daemon;

import io.securelink.appliance.auditlog.AuditLog;
import io.securelink.appliance.auditlog.AuditLogSettings;
import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.config.DevPki;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventBus;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.event.LoggingEventSink;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.runtime.ApplianceRuntime;
import io.securelink.appliance.runtime.RuntimeStartException;
import io.securelink.appliance.runtime.StartTimeline;
import io.securelink.appliance.status.StatusReporter;
import io.securelink.appliance.status.StatusSource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lifecycle of the appliance, shared by {@code securelink run} and the jsvc daemon: init loads
 * and validates the config (an invalid one fails here with the check-config messages, never leaving a
 * half-started daemon), start brings every link up, stop stops accepting and drains, destroy releases
 * threads. Methods are called from one control thread.
 */
public final class ApplianceLifecycle {
    static {
        // Before any Netty class initialises (the first is the transport, in init).
        LibraryDefaults.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApplianceLifecycle.class);

    private final Path configFile;
    private final EventBus events = new EventBus();
    private ApplianceRuntime runtime;
    private java.time.Instant startedAt;
    private ControlSocket control;
    private Map<String, InetSocketAddress> bound = Map.of();
    private ConfigWatcher watcher;
    /** The last reload that changed something: a later "unchanged" reload says when and what (the watcher may have applied it). */
    private ReloadOutcome lastApplied;
    private java.time.Instant lastAppliedAt;
    private String lastAppliedTrigger;
    private AuditLog auditLog;
    private StatusReporter reporter;
    private final io.securelink.appliance.ha.RoleTracker role = new io.securelink.appliance.ha.RoleTracker(events);
    private io.securelink.appliance.ha.HealthMonitor health;

    public ApplianceLifecycle(Path configFile) {
        this.configFile = configFile;
        events.subscribe(new LoggingEventSink(20));
    }

    public EventBus events() {
        return events;
    }

    /**
     * Loads and validates the config, binds every listening socket (not accepting yet: the kernel queues
     * connections from here on) and then builds every link's TLS context. Fails with the check-config
     * problems, the link whose TLS context cannot be built, or the link that could not bind, and then
     * leaves nothing behind (a connection the kernel queued meanwhile is reset, never served).
     */
    public Map<String, InetSocketAddress> init() throws ConfigException, RuntimeStartException {
        StartTimeline.mark("init");
        generateDevPkiIfAsked();
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(configFile);
        StartTimeline.mark("config loaded");
        for (ConfigProblem w : loaded.warnings()) {
            LOG.warn("config warning: {}", w);
        }
        runtime = new ApplianceRuntime(events, Integer.getInteger("securelink.io-threads", 0));
        try {
            bound = runtime.bind(loaded.config());
        } catch (RuntimeStartException e) {
            runtime.close();
            runtime = null;
            throw e;
        }
        return bound;
    }

    /** {@code appliance.dev-pki: true}: generates the lab PKI on first start (the config loader never writes). */
    private void generateDevPkiIfAsked() throws ConfigException {
        java.util.Optional<Path> folder = ConfigLoader.devPkiFolderOf(configFile);
        if (folder.isEmpty()) {
            return;
        }
        try {
            DevPki.ensure(folder.get());
        } catch (java.io.IOException | io.securelink.crypto.CryptoException e) {
            throw new ConfigException(List.of(new ConfigProblem(configFile.toAbsolutePath().normalize(), 0, 0, "appliance",
                    "cannot generate the dev PKI in " + folder.get() + ": " + e.getMessage())));
        }
    }

    /** Starts serving on the sockets bound by {@link #init}, and the control socket and file watcher. */
    public Map<String, InetSocketAddress> start() throws RuntimeStartException {
        startedAt = java.time.Instant.now();
        ApplianceConfig config = runtime.config();
        StateFolderAccess.check(config.appliance().stateDir());
        try {
            // Before accepting, so the first connection's refusal is already on record.
            auditLog = AuditLog.open(config.appliance().stateDir(), config.appliance().id(), AuditLogSettings.fromSystemProperties(), events);
            events.subscribe(auditLog);
        } catch (java.io.IOException e) {
            throw new RuntimeStartException("cannot open the audit log in " + config.appliance().stateDir() + ": " + e.getMessage()
                    + " (free space on that file system, or fix its owner and modes, then start again)", e);
        }
        try {
            openStatusReporter();
        } catch (RuntimeStartException e) {
            closeAuditLog();
            throw e;
        }
        StartTimeline.mark("audit log and status reporter open");
        runtime.open();
        StartTimeline.mark("links accepting");
        if (config.ha().isPresent()) {
            health = new io.securelink.appliance.ha.HealthMonitor(runtime, config.ha().get(), events);
            health.start();
        }
        if (reporter != null) {
            reporter.start();
        }
        try {
            control = ControlSocket.open(config.appliance().stateDir(), this::answer);
            startWatcher(config);
        } catch (java.io.IOException e) {
            runtime.stop();
            closeAuditLog();
            closeStatusReporter();
            throw new RuntimeStartException("cannot open the control socket in " + config.appliance().stateDir() + ": " + e.getMessage(), e);
        }
        events.emit(Event.of(EventType.STARTED, "", "", "appliance " + config.appliance().id() + " at " + config.appliance().site()
                + " started with " + bound.size() + " link(s); config digest " + config.digest()));
        StartTimeline.mark("started");
        return bound;
    }

    /** What a reload did: applied (with its changes), unchanged, or refused (with every problem). */
    public record ReloadOutcome(boolean applied, String digestBefore, String digestAfter, List<String> problems, String summary) {
    }

    /**
     * Re-reads the config file and everything it names, validates it, and applies it atomically. An
     * invalid config, or one whose new sockets cannot be bound, is refused and the running config stays
     * in force, untouched. Serialised: one reload at a time.
     */
    public synchronized ReloadOutcome reload(String trigger) {
        if (runtime == null || runtime.config() == null) {
            return new ReloadOutcome(false, "", "", List.of("not running"), "not running");
        }
        String before = runtime.config().digest();
        ConfigLoader.Loaded loaded;
        try {
            generateDevPkiIfAsked();
            loaded = ConfigLoader.loadWithWarnings(configFile);
        } catch (ConfigException e) {
            List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
            return refused(trigger, before, problems);
        }
        loaded.warnings().forEach(w -> LOG.warn("config warning: {}", w));
        ApplianceConfig next = loaded.config();
        if (next.digest().equals(before)) {
            ReloadOutcome last = lastApplied;
            return new ReloadOutcome(true, before, before, List.of(), "unchanged: the running config already is this file"
                    + (last == null ? "" : " (applied " + lastAppliedAt + " by " + lastAppliedTrigger + ": " + last.summary() + ")"));
        }
        ApplianceConfig previous = runtime.config();
        try {
            ApplianceRuntime.ApplyResult r = runtime.apply(next);
            rewatch(next);
            if (reporter != null) {
                reporter.configChanged(next);
            }
            String summary = ReloadSummary.of(previous, next, r.added(), r.removed(), r.changed());
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("digest-before", before);
            fields.put("digest-after", next.digest());
            fields.put("trigger", trigger);
            fields.put("added", String.join(",", r.added()));
            fields.put("removed", String.join(",", r.removed()));
            fields.put("changed", String.join(",", r.changed()));
            events.emit(Event.of(EventType.RELOAD_APPLIED, "", "", "reload (" + trigger + ") applied: " + summary
                    + "; digest " + before + " -> " + next.digest(), fields));
            ReloadOutcome applied = new ReloadOutcome(true, before, next.digest(), List.of(), summary);
            lastApplied = applied;
            lastAppliedAt = java.time.Instant.now();
            lastAppliedTrigger = trigger;
            return applied;
        } catch (RuntimeStartException e) {
            return refused(trigger, before, List.of(e.getMessage()));
        }
    }

    /** appliance.watch-config: reload on file changes (default), or only when asked. */
    private void startWatcher(ApplianceConfig cfg) throws java.io.IOException {
        if (!cfg.appliance().watchConfig()) {
            LOG.info("appliance.watch-config: false; the config (and CRL files) are reloaded only by securelink reload / systemctl reload");
            return;
        }
        watcher = new ConfigWatcher(java.time.Duration.ofMillis(Long.getLong("securelink.watch.settle-ms", 500)),
                trigger -> reload(trigger), this::crlChanged);
        watcher.watch(cfg.files(), crlFiles(cfg));
    }

    private void rewatch(ApplianceConfig next) {
        if (watcher != null && !next.appliance().watchConfig()) {
            watcher.close();
            watcher = null;
            LOG.info("appliance.watch-config: false; no longer watching the config files");
            return;
        }
        if (watcher == null && next.appliance().watchConfig()) {
            try {
                startWatcher(next);
            } catch (java.io.IOException e) {
                LOG.warn("cannot watch the files of the new config: {}", e.toString());
            }
            return;
        }
        if (watcher != null) {
            try {
                watcher.watch(next.files(), crlFiles(next));
            } catch (java.io.IOException e) {
                LOG.warn("cannot watch the files of the new config: {}", e.toString());
            }
        }
    }

    /** A CRL changed on disk: close revoked peers' connections now; the reload that follows updates the snapshots. */
    private void crlChanged(Path file) {
        ApplianceRuntime r = runtime;
        if (r != null) {
            r.closeRevokedBy(file);
        }
    }

    private static List<Path> crlFiles(ApplianceConfig cfg) {
        return cfg.links().values().stream().flatMap(l -> l.tls().revocation().crlFiles().stream()).toList();
    }

    /** Answers one control-socket request. */
    String answer(String request) {
        return switch (request) {
            case "status" -> StatusText.render(status()) + "audit log: " + auditLogState() + "\n" + journalStateLine();
            case "status json" -> StatusJsonReply.render(status(), auditLogState(), reporter == null ? null : reporter.journalState());
            case "reload" -> {
                ReloadOutcome o = reload("control socket");
                yield o.applied()
                        ? "reload applied: " + o.summary() + "\nconfig digest " + o.digestAfter() + "\n"
                        : "reload refused, running config kept (digest " + o.digestBefore() + "):\n"
                                + String.join("\n", o.problems()) + "\n";
            }
            default -> request.startsWith("role ") || request.equals("role") ? role(request)
                    : "error: unknown request '" + request + "' (expected status, status json, reload or role)\n";
        };
    }

    /**
     * {@code role master|backup|fault|stop [instance] [at=EPOCH_MS]}: keepalived's notify reporting this box's
     * VRRP state ({@code at}: when the notify process started, so out-of-order reports are ignored).
     * It only records and reports the role (status, heartbeat, event, audit log); it changes no traffic.
     */
    private String role(String request) {
        List<String> w = new java.util.ArrayList<>(List.of(request.trim().split("\\s+")));
        long at = Long.MIN_VALUE;
        if (w.size() >= 3 && w.get(w.size() - 1).startsWith("at=")) {
            try {
                at = Long.parseLong(w.remove(w.size() - 1).substring(3));
            } catch (NumberFormatException e) {
                return "error: 'at=' takes epoch milliseconds\n";
            }
        }
        var r = w.size() >= 2 ? io.securelink.appliance.ha.HaRole.parse(w.get(1)) : java.util.Optional.<io.securelink.appliance.ha.HaRole>empty();
        if (r.isEmpty() || w.size() > 3) {
            return "error: expected 'role master|backup|fault|stop [instance] [at=EPOCH_MS]'\n";
        }
        return role.report(r.get(), w.size() == 3 ? w.get(2) : "", at);
    }

    private ReloadOutcome refused(String trigger, String before, List<String> problems) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("digest-before", before);
        fields.put("digest-after", before);
        fields.put("trigger", trigger);
        fields.put("problems", String.join("\n", problems));
        events.emit(Event.of(EventType.RELOAD_REFUSED, "", "", "reload (" + trigger + ") refused, running config kept: "
                + String.join("; ", problems), fields));
        return new ReloadOutcome(false, before, before, problems, "refused");
    }


    public Path configFile() {
        return configFile;
    }

    public void stop() {
        if (health != null) {
            // Unhealthy first: keepalived gives the virtual IP to the peer while this box drains.
            health.close();
            health = null;
        }
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (control != null) {
            control.close();
            control = null;
        }
        if (runtime != null) {
            runtime.stop();
        }
        closeAuditLog();
        closeStatusReporter();
    }

    /** Writes the final signed checkpoint and closes the audit log. */
    private void closeAuditLog() {
        if (auditLog != null) {
            events.unsubscribe(auditLog);
            auditLog.close();
            auditLog = null;
        }
    }

    // ---- MQTT status (status.mqtt): one reporter subscribed to the event bus while running. ----

    /** Opens the MQTT reporter when the config has status.mqtt, subscribed before the links open so it sees link-up. */
    private void openStatusReporter() throws RuntimeStartException {
        if (runtime.config().status().isEmpty()) {
            return;
        }
        try {
            reporter = StatusReporter.open(new StatusSource() {
                @Override
                public ApplianceConfig config() {
                    return ApplianceLifecycle.this.config();
                }

                @Override
                public ApplianceStatus status() {
                    return ApplianceLifecycle.this.status();
                }

                @Override
                public java.time.Instant startedAt() {
                    return startedAt;
                }

                @Override
                public String auditLog() {
                    return auditLogState();
                }
            }, events);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new RuntimeStartException("status.mqtt: cannot start MQTT reporting: " + e.getMessage(), e);
        }
        events.subscribe(reporter);
    }

    /** Publishes offline (retained) and disconnects; the journal keeps what was not delivered. */
    private void closeStatusReporter() {
        if (reporter != null) {
            events.unsubscribe(reporter);
            reporter.close();
            reporter = null;
        }
    }

    public void destroy() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** The MQTT event journal's state for {@code status}, when the appliance reports over MQTT. */
    private String journalStateLine() {
        StatusReporter r = reporter;
        return r == null ? "" : "mqtt journal: " + r.journalState() + "\n";
    }

    /** {@code ok}, or how the audit log is degraded (it cannot write: records counted, not written). */
    public String auditLogState() {
        AuditLog a = auditLog;
        if (a == null) {
            return "ok";
        }
        AuditLog.Health h = a.health();
        return h.degraded() ? "degraded: " + h.unwritten() + " record(s) unwritten since " + h.since() + " (" + h.error() + ")" : "ok";
    }

    /** The running appliance's status report (links, counters, digest). */
    public ApplianceStatus status() {
        ApplianceStatus s = runtime == null ? new ApplianceStatus("", "", "", "", "", startedAt, java.time.Instant.now(), List.of())
                : runtime.status(startedAt);
        var h = health;
        return config() != null && config().ha().isPresent()
                ? s.withHa(java.util.Optional.of(new io.securelink.appliance.report.HaStatus(role.role().wireName(), role.since(),
                        role.changes(), h != null && h.healthy(), h == null ? List.of("not running") : h.problems())))
                : s;
    }

    public java.time.Instant startedAt() {
        return startedAt;
    }

    public ApplianceRuntime runtime() {
        return runtime;
    }

    /** The running config, as the runtime holds it (null when not running). */
    public ApplianceConfig config() {
        return runtime == null ? null : runtime.config();
    }
}
