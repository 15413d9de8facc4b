package io.securelink.appliance.runtime;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.link.AddressText;
import io.securelink.appliance.link.LinkListener;
import io.securelink.appliance.link.LinkSnapshot;
import io.securelink.appliance.link.LinkState;
import io.securelink.appliance.link.OcspRefresh;
import io.securelink.appliance.link.Resolver;
import io.securelink.appliance.link.RevocationSweep;
import io.securelink.appliance.link.Transport;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.tls.TlsEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running data plane for one config at a time: a listener per link on shared event loops. A new
 * config is prepared completely (TLS contexts built, addresses resolved) before anything changes, then
 * applied: new links bind, removed links stop accepting and drain, changed links swap their snapshot
 * in place when the listen address is unchanged. Live connections are never cut by a reload, except
 * those whose peer's chain the new snapshot's revocation sources say is revoked ({@link #closeRevoked}).
 * Control methods block and are meant for the control thread, never an event loop.
 */
public final class ApplianceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApplianceRuntime.class);

    private final Transport transport;
    private final Resolver resolver = new Resolver();
    private final EventSink events;
    private final Map<String, LinkListener> listeners = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile ApplianceConfig config;
    private final RevocationAlerts revocationAlerts;
    private io.netty.util.concurrent.ScheduledFuture<?> revocationTimer;
    private final java.util.concurrent.ScheduledExecutorService ocspRefresher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sl-ocsp-refresh");
                t.setDaemon(true);
                return t;
            });

    private final SnapshotPreparation.Preparer preparer;

    public ApplianceRuntime(EventSink events, int ioThreads) {
        this(events, ioThreads, LinkSnapshot::prepare);
    }

    /** As above, with the step that builds one link's snapshot given (tests hold or fail it). */
    ApplianceRuntime(EventSink events, int ioThreads, SnapshotPreparation.Preparer preparer) {
        this.events = events;
        this.preparer = preparer;
        this.transport = Transport.create(ioThreads);
        this.revocationAlerts = new RevocationAlerts(events);
        io.securelink.appliance.tls.RevocationCheck.onOcspRevoked(ocspRevoked);
    }

    /** An OCSP answer newly said revoked: sweep live connections, off the thread that learnt it. */
    private final Runnable ocspRevoked = this::closeRevokedSoon;

    private void closeRevokedSoon() {
        transport.workers().next().execute(this::closeRevoked);
    }

    /** Binds and opens every link of {@code cfg}: {@link #bind} then {@link #open}. */
    public synchronized Map<String, InetSocketAddress> start(ApplianceConfig cfg) throws RuntimeStartException {
        Map<String, InetSocketAddress> bound = bind(cfg);
        open();
        return bound;
    }

    /**
     * Binds the listening socket of every link of {@code cfg} without accepting yet (so a daemon can bind
     * privileged ports in init and serve from start), then prepares every link (TLS context, policy).
     * Binding comes first: the kernel completes and queues TCP connections from then on, while the TLS
     * contexts are built; none is accepted, let alone served, before {@link #open}, and open needs every
     * link prepared. On any failure nothing is left bound; a link whose TLS context cannot be built is
     * reported before a socket that could not be bound, as when the contexts were built first.
     */
    public synchronized Map<String, InetSocketAddress> bind(ApplianceConfig cfg) throws RuntimeStartException {
        if (config != null) {
            throw new IllegalStateException("already started; use apply() to change the config");
        }
        Map<String, InetSocketAddress> bound = new LinkedHashMap<>();
        Map<String, LinkListener> fresh = new LinkedHashMap<>();
        RuntimeStartException bindFailure = null;
        for (LinkConfig link : ordered(cfg)) {
            LinkListener l = new LinkListener(new LinkState(link.name(), LinkSnapshot.unprepared(link)), transport, resolver, events);
            try {
                bound.put(link.name(), bind(l, link, cfg.ha().isPresent()));
            } catch (RuntimeStartException e) {
                bindFailure = e;
                break;
            }
            fresh.put(link.name(), l);
        }
        StartTimeline.mark("listening sockets bound");
        Map<String, LinkSnapshot> prepared;
        try {
            LOG.info("data plane: transport {}, TLS {}", transport.describe(), TlsEngine.describe(TlsEngine.provider()));
            prepared = SnapshotPreparation.prepare(cfg, events, preparer);
        } catch (RuntimeStartException | RuntimeException e) {
            fresh.values().forEach(LinkListener::stopAccepting);
            throw e;
        }
        if (bindFailure != null) {
            fresh.values().forEach(LinkListener::stopAccepting);
            throw bindFailure;
        }
        StartTimeline.mark("TLS contexts built");
        for (Map.Entry<String, LinkListener> e : fresh.entrySet()) {
            e.getValue().state().swap(prepared.get(e.getKey()));
            listeners.put(e.getKey(), e.getValue());
        }
        config = cfg;
        return bound;
    }

    /** Starts accepting on every bound link. */
    public synchronized void open() {
        for (LinkListener l : listeners.values()) {
            l.open();
            announce(l.state().snapshot().config(), l.boundAddress());
        }
        checkRevocationSources();
        long every = Long.getLong("securelink.revocation.check-seconds", 60);
        revocationTimer = transport.workers().next().scheduleAtFixedRate(this::checkRevocationSources, every, every,
                java.util.concurrent.TimeUnit.SECONDS);
        long refreshMillis = Long.getLong("securelink.ocsp.refresh-millis", 30_000);
        ocspRefresher.scheduleWithFixedDelay(this::refreshOcsp, refreshMillis, refreshMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Asks OCSP again about live connections' peers whose answers ran out (blocking; on its own thread). */
    private void refreshOcsp() {
        for (LinkListener l : listeners().values()) {
            try {
                OcspRefresh.refresh(l.state());
            } catch (RuntimeException e) {
                LOG.warn("link {}: OCSP refresh failed: {}", l.state().name(), e.toString());
            }
        }
    }

    /** Alerts on stale, badly signed or nearly due CRLs (cheap, no I/O: the CRLs are in the snapshots). */
    private void checkRevocationSources() {
        revocationAlerts.check(listeners().values(), java.time.Instant.now());
    }

    private void announce(LinkConfig link, InetSocketAddress addr) {
        events.emit(Event.of(EventType.LINK_UP, link.name(), "", link.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " link listening on " + AddressText.of(addr)
                + (link.forward().isPresent() ? ", forwarding to " + link.forward().get() : "")
                + (link.connect().isEmpty() ? "" : ", connecting to " + link.connect()),
                Map.of("listen", AddressText.of(addr))));
    }

    private static List<LinkConfig> ordered(ApplianceConfig cfg) {
        List<LinkConfig> l = new ArrayList<>(cfg.links().values());
        l.sort((a, b) -> a.name().compareTo(b.name()));
        return l;
    }

    private Map<String, LinkSnapshot> prepare(ApplianceConfig cfg) throws RuntimeStartException {
        return SnapshotPreparation.prepare(cfg, events, preparer);
    }

    /** @param freebind IP_FREEBIND on the listening socket (an HA pair listens on a virtual IP it may not hold) */
    private static InetSocketAddress bind(LinkListener l, LinkConfig link, boolean freebind) throws RuntimeStartException {
        HostPort hp = link.listen();
        try {
            InetAddress host = hp.host().equals("*") ? InetAddress.getByName("::") : InetAddress.getByName(hp.host());
            return l.bind(new InetSocketAddress(host, hp.port()), freebind);
        } catch (UnknownHostException e) {
            throw new RuntimeStartException("link " + link.name() + ": cannot resolve listen address " + hp, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeStartException("link " + link.name() + ": interrupted while binding " + hp, e);
        } catch (Exception e) {
            throw new RuntimeStartException("link " + link.name() + ": cannot listen on " + hp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies a new, already validated config. Everything that can fail is done before the running
     * links are touched: TLS contexts are built and new listening sockets bound first (a socket whose
     * address is being handed over from an old listener is the one exception: the old one stops first).
     * On failure every new socket is closed and the running config stays in force.
     */
    public synchronized ApplyResult apply(ApplianceConfig next) throws RuntimeStartException {
        if (config == null) {
            throw new IllegalStateException("not started");
        }
        Map<String, LinkSnapshot> prepared = prepare(next);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Map<String, LinkListener> retiring = new LinkedHashMap<>();
        for (Map.Entry<String, LinkListener> e : listeners.entrySet()) {
            LinkConfig wanted = next.links().get(e.getKey());
            if (wanted == null || !wanted.listen().equals(e.getValue().state().snapshot().config().listen())) {
                retiring.put(e.getKey(), e.getValue());
            }
        }
        Map<String, LinkListener> fresh = new LinkedHashMap<>();
        List<LinkListener> stoppedEarly = new ArrayList<>();
        try {
            for (LinkConfig link : ordered(next)) {
                LinkListener current = listeners.get(link.name());
                if (current != null && !retiring.containsKey(link.name())) {
                    continue;
                }
                for (LinkListener old : retiring.values()) {
                    if (old.state().snapshot().config().listen().equals(link.listen()) && old.isAccepting()) {
                        old.stopAccepting();
                        stoppedEarly.add(old);
                    }
                }
                LinkListener l = new LinkListener(new LinkState(link.name(), prepared.get(link.name())), transport, resolver, events);
                bind(l, link, next.ha().isPresent());
                fresh.put(link.name(), l);
            }
        } catch (RuntimeStartException e) {
            fresh.values().forEach(LinkListener::stopAccepting);
            for (LinkListener old : stoppedEarly) {
                try {
                    bind(old, old.state().snapshot().config(), config.ha().isPresent());
                    old.open();
                } catch (RuntimeStartException again) {
                    LOG.error("link {}: could not take back {} after a failed reload: {}", old.state().name(),
                            old.state().snapshot().config().listen(), again.getMessage());
                }
            }
            throw e;
        }
        // Past this point nothing can fail: commit.
        for (Map.Entry<String, LinkListener> e : retiring.entrySet()) {
            LinkListener old = e.getValue();
            listeners.remove(e.getKey());
            old.stopAccepting();
            if (!next.links().containsKey(e.getKey())) {
                removed.add(e.getKey());
                events.emit(Event.of(EventType.LINK_DOWN, e.getKey(), "", "link removed by reload; draining live connections"));
            }
            drainInBackground(old);
        }
        for (LinkConfig link : ordered(next)) {
            LinkListener l = fresh.get(link.name());
            if (l != null) {
                listeners.put(link.name(), l);
                (retiring.containsKey(link.name()) ? changed : added).add(link.name());
                l.open();
                announce(link, l.boundAddress());
            } else {
                LinkListener current = listeners.get(link.name());
                if (!current.state().snapshot().config().equals(link)) {
                    changed.add(link.name());
                }
                current.state().swap(prepared.get(link.name()));
            }
        }
        ApplianceConfig previous = config;
        config = next;
        closeRevoked();
        checkRevocationSources();
        return new ApplyResult(previous.digest(), next.digest(), added, removed, changed);
    }

    private void drainInBackground(LinkListener l) {
        Duration d = l.state().snapshot().config().timeouts().drain();
        Thread t = new Thread(() -> {
            try {
                int cut = l.drain(d);
                if (cut > 0) {
                    LOG.warn("link {}: {} connection(s) cut after the drain time of {}", l.state().name(), cut, d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sl-drain-" + l.state().name());
        t.setDaemon(true);
        t.start();
    }

    /**
     * Closes, on every link, the live connections whose peer chain the link's current revocation sources
     * say is revoked (after a reload brought a new CRL). Other connections are not touched.
     * @return how many were closed
     */
    public int closeRevoked() {
        int closed = 0;
        java.time.Instant now = java.time.Instant.now();
        for (LinkListener l : listeners().values()) {
            closed += RevocationSweep.sweep(l.state(), events, now);
        }
        return closed;
    }

    /**
     * A CRL file changed on disk: reads it and closes, on every link that uses that file, the live
     * connections it now revokes, without waiting for the reload (which re-reads everything and follows).
     * An unreadable file (a write in progress) is left to the reload. Blocking file read: not for an event loop.
     * @return how many were closed
     */
    public int closeRevokedBy(java.nio.file.Path crlFile) {
        io.securelink.crypto.RevocationList fresh;
        try {
            fresh = io.securelink.crypto.RevocationList.read(crlFile);
        } catch (io.securelink.crypto.KeyMaterialException e) {
            LOG.debug("{} not readable yet ({}); the reload will judge it", crlFile, e.getMessage());
            return 0;
        }
        int closed = 0;
        java.time.Instant now = java.time.Instant.now();
        for (LinkListener l : listeners().values()) {
            closed += RevocationSweep.sweepWithNewCrl(l.state(), events, crlFile, fresh, now);
        }
        return closed;
    }

    /** What a reload changed. */
    public record ApplyResult(String digestBefore, String digestAfter, List<String> added, List<String> removed, List<String> changed) {
    }

    /**
     * Stops accepting on every link, waits for live connections up to each link's drain time (all links
     * in parallel), then releases the event loops.
     */
    public synchronized void stop() {
        if (config == null) {
            return;
        }
        events.emit(Event.of(EventType.STOPPING, "", "", "no new connections; draining live ones"));
        if (revocationTimer != null) {
            revocationTimer.cancel(false);
        }
        List<LinkListener> all = new ArrayList<>(listeners.values());
        all.forEach(LinkListener::stopAccepting);
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (LinkListener l : all) {
            drains.add(CompletableFuture.runAsync(() -> {
                try {
                    int cut = l.drain(l.state().snapshot().config().timeouts().drain());
                    if (cut > 0) {
                        LOG.warn("link {}: {} connection(s) cut at the end of the drain time", l.state().name(), cut);
                    }
                    events.emit(Event.of(EventType.LINK_STOPPED, l.state().name(), "", "link stopped (clean stop, drained)"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        CompletableFuture.allOf(drains.toArray(new CompletableFuture[0])).join();
        listeners.clear();
        config = null;
    }

    /** The running config: the one place it is kept (null before start and after stop). */
    public ApplianceConfig config() {
        return config;
    }

    /** The event loops and channel types, for work that must share them (e.g. HA upstream probes). */
    public Transport transport() {
        return transport;
    }

    /** An immutable report of every link and counter, now. */
    public ApplianceStatus status(java.time.Instant startedAt) {
        return StatusSnapshot.of(this, startedAt);
    }

    /** The live listeners by link name, in name order. */
    public Map<String, LinkListener> listeners() {
        synchronized (listeners) {
            return Map.copyOf(listeners);
        }
    }

    @Override
    public void close() {
        io.securelink.appliance.tls.RevocationCheck.removeOcspListener(ocspRevoked);
        ocspRefresher.shutdownNow();
        stop();
        resolver.close();
        transport.close();
    }
}
