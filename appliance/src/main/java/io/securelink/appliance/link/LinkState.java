package io.securelink.appliance.link;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.securelink.appliance.policy.Admission;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What belongs to a link by name rather than to one config snapshot: its admission counts, traffic
 * counters, live connections and the snapshot new connections are accepted under. Survives reloads.
 */
public final class LinkState {
    private final String name;
    private final Admission admission = new Admission();
    private final LinkStats stats = new LinkStats();
    private final ChannelGroup connections;
    private final AtomicReference<LinkSnapshot> current;

    public LinkState(String name, LinkSnapshot initial) {
        this.name = name;
        this.connections = new DefaultChannelGroup("link-" + name, GlobalEventExecutor.INSTANCE);
        this.current = new AtomicReference<>(initial);
    }

    public String name() {
        return name;
    }

    public Admission admission() {
        return admission;
    }

    public LinkStats stats() {
        return stats;
    }

    /** Inbound (accepted) channels that are still open. */
    public ChannelGroup connections() {
        return connections;
    }

    public LinkSnapshot snapshot() {
        return current.get();
    }

    /** New connections use {@code next}; live ones keep the snapshot they started with. */
    public void swap(LinkSnapshot next) {
        current.set(next);
    }
}
