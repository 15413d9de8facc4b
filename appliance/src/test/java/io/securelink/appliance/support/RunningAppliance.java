package io.securelink.appliance.support;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.event.EventBus;
import io.securelink.appliance.event.LoggingEventSink;
import io.securelink.appliance.runtime.ApplianceRuntime;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The data plane running in the test JVM on a config written to a temporary folder. */
public final class RunningAppliance implements AutoCloseable {
    public final CollectingEventSink events = new CollectingEventSink();
    public final ApplianceRuntime runtime;
    public final Map<String, InetSocketAddress> bound;
    public final ApplianceConfig config;

    public RunningAppliance(Path configFile) throws Exception {
        config = ConfigLoader.load(configFile);
        EventBus bus = new EventBus().subscribe(events).subscribe(new LoggingEventSink(100));
        runtime = new ApplianceRuntime(bus, 2);
        bound = runtime.start(config);
    }

    public static RunningAppliance start(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, yaml);
        return new RunningAppliance(f);
    }

    public int port(String link) {
        return bound.get(link).getPort();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
