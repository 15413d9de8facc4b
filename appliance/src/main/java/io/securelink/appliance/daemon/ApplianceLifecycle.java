package io.securelink.appliance.daemon;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventBus;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.event.LoggingEventSink;
import io.securelink.appliance.runtime.ApplianceRuntime;
import io.securelink.appliance.runtime.RuntimeStartException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
    private static final Logger LOG = LoggerFactory.getLogger(ApplianceLifecycle.class);

    private final Path configFile;
    private final EventBus events = new EventBus();
    private ApplianceConfig config;
    private ApplianceRuntime runtime;
    private java.time.Instant startedAt;

    public ApplianceLifecycle(Path configFile) {
        this.configFile = configFile;
        events.subscribe(new LoggingEventSink(20));
    }

    public EventBus events() {
        return events;
    }

    public void init() throws ConfigException {
        ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(configFile);
        for (ConfigProblem w : loaded.warnings()) {
            LOG.warn("config warning: {}", w);
        }
        config = loaded.config();
        runtime = new ApplianceRuntime(events, Integer.getInteger("securelink.io-threads", 0));
    }

    public Map<String, InetSocketAddress> start() throws RuntimeStartException {
        Map<String, InetSocketAddress> bound = runtime.start(config);
        startedAt = java.time.Instant.now();
        events.emit(Event.of(EventType.STARTED, "", "", "appliance " + config.appliance().id() + " at " + config.appliance().site()
                + " started with " + bound.size() + " link(s); config digest " + config.digest()));
        return bound;
    }

    public void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    public void destroy() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** The running appliance's status report (links, counters, digest). */
    public io.securelink.appliance.runtime.ApplianceStatus status() {
        return io.securelink.appliance.runtime.ApplianceStatus.of(runtime, startedAt);
    }

    public java.time.Instant startedAt() {
        return startedAt;
    }

    public ApplianceRuntime runtime() {
        return runtime;
    }

    public ApplianceConfig config() {
        return runtime != null && runtime.config() != null ? runtime.config() : config;
    }
}
