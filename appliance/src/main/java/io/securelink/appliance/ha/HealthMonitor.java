package io.securelink.appliance.ha;

import io.securelink.appliance.config.HaConfig;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.link.LinkListener;
import io.securelink.appliance.runtime.ApplianceRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, every {@code ha.probe-interval}, whether this appliance can serve, and publishes the answer in
 * the {@link HealthFile} keepalived tracks. Healthy means every link's listener is bound and accepting
 * and every link has an upstream that accepts a TCP connection within {@code ha.probe-timeout}: a client
 * link at least one of its {@code connect} endpoints, a server link its {@code forward} (links that route
 * by identity only are judged by their listener). One failed round is enough to turn unhealthy: the pair
 * exists to move the service within seconds, and keepalived's VRRP, not this monitor, damps flapping
 * (the new master keeps the address: {@code nopreempt}). Each change is one {@code health-changed} event.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final ApplianceRuntime runtime;
    private final HaConfig cfg;
    private final HealthFile file;
    private final EventSink events;
    private final UpstreamProbe probe;
    private final ScheduledExecutorService timer;
    private volatile boolean healthy;
    private volatile List<String> problems = List.of("not evaluated yet");
    private boolean published;

    public HealthMonitor(ApplianceRuntime runtime, HaConfig cfg, EventSink events) {
        this.runtime = runtime;
        this.cfg = cfg;
        this.file = new HealthFile(cfg.healthFile());
        this.events = events;
        this.probe = new UpstreamProbe(runtime.transport());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sl-ha-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Evaluates once now (so the file is right before the first connection), then every interval. */
    public void start() {
        evaluate();
        timer.scheduleWithFixedDelay(this::evaluate, cfg.probeInterval().toMillis(), cfg.probeInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public boolean healthy() {
        return healthy;
    }

    public List<String> problems() {
        return problems;
    }

    private void evaluate() {
        try {
            List<String> found = check();
            publish(found);
        } catch (RuntimeException e) {
            LOG.error("HA health evaluation failed", e);
            publish(List.of("health evaluation failed: " + e));
        }
    }

    private List<String> check() {
        var config = runtime.config();
        if (config == null) {
            return List.of("not running");
        }
        Map<String, LinkListener> listeners = runtime.listeners();
        List<String> found = new ArrayList<>();
        Map<String, List<CompletableFuture<String>>> probes = new LinkedHashMap<>();
        Map<String, List<HostPort>> targets = new LinkedHashMap<>();
        for (LinkConfig link : config.links().values()) {
            LinkListener l = listeners.get(link.name());
            if (l == null || !l.isAccepting()) {
                found.add("link " + link.name() + ": not accepting on " + link.listen());
                continue;
            }
            List<HostPort> upstreams = link.mode() == LinkMode.CLIENT ? link.connect() : link.forward().map(List::of).orElse(List.of());
            if (upstreams.isEmpty()) {
                continue;
            }
            targets.put(link.name(), upstreams);
            probes.put(link.name(), upstreams.stream().map(t -> probe.probe(t, cfg.probeTimeout())).toList());
        }
        for (Map.Entry<String, List<CompletableFuture<String>>> e : probes.entrySet()) {
            List<String> errors = new ArrayList<>();
            boolean any = false;
            List<HostPort> t = targets.get(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                String err = e.getValue().get(i).orTimeout(cfg.probeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                        .exceptionally(x -> "probe did not finish: " + x).join();
                if (err == null) {
                    any = true;
                } else {
                    errors.add(t.get(i) + ": " + err);
                }
            }
            if (!any) {
                found.add("link " + e.getKey() + ": no upstream reachable (" + String.join("; ", errors) + ")");
            }
        }
        return found;
    }

    private void publish(List<String> found) {
        boolean now = found.isEmpty();
        boolean changed = !published || now != healthy;
        problems = List.copyOf(found);
        healthy = now;
        if (!changed) {
            return;
        }
        try {
            file.write(now);
            published = true;
        } catch (IOException e) {
            LOG.error("cannot write the HA health file {}: {}", file.path(), e.toString());
            return;
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("healthy", Boolean.toString(now));
        f.put("file", file.path().toString());
        f.put("problems", String.join("\n", found));
        events.emit(Event.of(EventType.HEALTH_CHANGED, "", "", now
                ? "healthy: every listener accepting and every link has a reachable upstream (" + file.path() + " = 0)"
                : "UNHEALTHY, asking keepalived to give the virtual IP away (" + file.path() + " = 1): " + String.join("; ", found), f));
    }

    /** Stops evaluating and publishes unhealthy, so keepalived moves the address before the listeners close. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            file.write(false);
        } catch (IOException e) {
            LOG.warn("cannot write the HA health file {}: {}", file.path(), e.toString());
        }
    }
}
