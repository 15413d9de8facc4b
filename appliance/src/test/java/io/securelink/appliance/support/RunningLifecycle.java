package io.securelink.appliance.support;

import io.securelink.appliance.daemon.ApplianceLifecycle;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The whole appliance lifecycle (runtime, control socket, file watcher) in the test JVM, on a config file the test can rewrite. */
public final class RunningLifecycle implements AutoCloseable {
    public final CollectingEventSink events = new CollectingEventSink();
    public final ApplianceLifecycle lifecycle;
    public final Path configFile;
    public final Map<String, InetSocketAddress> bound;

    public RunningLifecycle(Path configFile) throws Exception {
        this.configFile = configFile;
        lifecycle = new ApplianceLifecycle(configFile);
        lifecycle.events().subscribe(events);
        lifecycle.init();
        bound = lifecycle.start();
    }

    public static RunningLifecycle start(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, yaml);
        return new RunningLifecycle(f);
    }

    public void rewrite(String yaml) throws Exception {
        Path tmp = configFile.resolveSibling(configFile.getFileName() + ".new");
        Files.writeString(tmp, yaml);
        Files.move(tmp, configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public int port(String link) {
        return lifecycle.runtime().listeners().get(link).boundAddress().getPort();
    }

    @Override
    public void close() {
        lifecycle.stop();
        lifecycle.destroy();
    }
}
