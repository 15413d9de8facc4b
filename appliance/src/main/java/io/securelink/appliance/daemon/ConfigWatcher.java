package io.securelink.appliance.daemon;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file and every file it names (certificates, keys, trust bundles, CRLs), and asks for a
 * reload once changes have settled for {@code settle}, so a certificate and key replaced one after the
 * other are picked up together. A change to a CRL alone settles for only {@link #QUICK_SETTLE} (a CRL
 * is one file, and a revocation must reach live connections within a second). Runs on its own thread;
 * the watched set is replaced after each reload.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watch;
    private final Duration settle;
    private final Consumer<String> reload;
    private final Consumer<Path> quickChange;
    private final Thread thread;
    static final Duration QUICK_SETTLE = Duration.ofMillis(50);
    private volatile Set<Path> files = Set.of();
    private volatile Set<Path> quick = Set.of();

    public ConfigWatcher(Duration settle, Consumer<String> reload) throws IOException {
        this(settle, reload, p -> { });
    }

    /**
     * @param quickChange told at once (before settling) when a quick path (a CRL) changed, so revoked
     *                    peers can be cut off before the full reload; the reload follows as usual
     */
    public ConfigWatcher(Duration settle, Consumer<String> reload, Consumer<Path> quickChange) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.settle = settle;
        this.reload = reload;
        this.quickChange = quickChange;
        this.thread = new Thread(this::run, "sl-config-watch");
        this.thread.setDaemon(true);
    }

    /** Replaces the set of watched files (their folders are watched; other names in them are ignored). */
    public synchronized void watch(Collection<Path> paths) throws IOException {
        watch(paths, Set.of());
    }

    /** As {@link #watch(Collection)}; a change to {@code quickPaths} only (a subset) settles for {@link #QUICK_SETTLE}. */
    public synchronized void watch(Collection<Path> paths, Collection<Path> quickPaths) throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (Path p : paths) {
            Path dir = p.toAbsolutePath().getParent();
            if (dirs.add(dir)) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        files = Set.copyOf(paths.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        quick = Set.copyOf(quickPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        if (!thread.isAlive()) {
            thread.start();
        }
    }

    private void run() {
        try {
            while (true) {
                Path changed = nextRelevant(watch.take());
                if (changed == null) {
                    continue;
                }
                // Let a burst of writes (cert, then key) settle before reloading once.
                WatchKey more;
                boolean quickOnly = quick.contains(changed);
                if (quickOnly) {
                    tellQuick(changed);
                }
                while ((more = watch.poll((quickOnly ? QUICK_SETTLE : settle).toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    Path again = nextRelevant(more);
                    if (again != null) {
                        changed = again;
                        quickOnly &= quick.contains(again);
                        if (quick.contains(again)) {
                            tellQuick(again);
                        }
                    }
                }
                LOG.info("{} changed on disk; reloading", changed);
                reload.accept("file changed: " + changed);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }

    private void tellQuick(Path changed) {
        try {
            quickChange.accept(changed);
        } catch (RuntimeException e) {
            LOG.warn("acting on {} before the reload failed: {}", changed, e.toString());
        }
    }

    private Path nextRelevant(WatchKey key) {
        Path dir = (Path) key.watchable();
        Path hit = null;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path name) {
                Path full = dir.resolve(name).toAbsolutePath().normalize();
                if (files.contains(full)) {
                    hit = full;
                }
            }
        }
        key.reset();
        return hit;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
