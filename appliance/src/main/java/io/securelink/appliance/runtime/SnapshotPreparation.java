package io.securelink.appliance.runtime;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.link.LinkSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Builds the {@link LinkSnapshot} of every link of a config (TLS context: key material handed to the
 * provider, trust manager, peer verifier; policy; upstreams). At start it runs after the listening sockets
 * are bound, so the kernel already queues connections while it works, and on a box with more than one
 * core the links are built in parallel (one thread per core at most). Errors are reported as the one-by-one
 * build reported them: the first link in config order that fails names the error, and nothing is returned.
 */
final class SnapshotPreparation {
    /** How one link's snapshot is made: {@link LinkSnapshot#prepare} (tests slow it down or fail it). */
    @FunctionalInterface
    interface Preparer {
        LinkSnapshot prepare(LinkConfig link, EventSink events) throws SSLException;
    }

    private SnapshotPreparation() {
    }

    /** Every link's snapshot, by link name in config order; fails with the first failing link's error. */
    static Map<String, LinkSnapshot> prepare(ApplianceConfig cfg, EventSink events, Preparer preparer) throws RuntimeStartException {
        List<LinkConfig> links = List.copyOf(cfg.links().values());
        int threads = Math.min(links.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            Map<String, LinkSnapshot> out = new LinkedHashMap<>();
            for (LinkConfig link : links) {
                out.put(link.name(), one(link, events, preparer));
            }
            return out;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sl-tls-prepare-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LinkSnapshot>> futures = new ArrayList<>();
            for (LinkConfig link : links) {
                futures.add(pool.submit(() -> one(link, events, preparer)));
            }
            Map<String, LinkSnapshot> out = new LinkedHashMap<>();
            for (int i = 0; i < links.size(); i++) {
                out.put(links.get(i).name(), await(futures.get(i), links.get(i)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static LinkSnapshot one(LinkConfig link, EventSink events, Preparer preparer) throws RuntimeStartException {
        try {
            return preparer.prepare(link, events);
        } catch (SSLException | RuntimeException e) {
            throw new RuntimeStartException("link " + link.name() + ": cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private static LinkSnapshot await(Future<LinkSnapshot> f, LinkConfig link) throws RuntimeStartException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeStartException("link " + link.name() + ": interrupted while building its TLS context", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeStartException r) {
                throw r;
            }
            throw new RuntimeStartException("link " + link.name() + ": cannot build TLS context: " + e.getCause(), e.getCause());
        }
    }
}
