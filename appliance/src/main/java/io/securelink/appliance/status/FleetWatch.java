package io.securelink.appliance.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keeps a {@link FleetView} fed from a broker for {@code securelink fleet}'s live table, across the broker going
 * away: a lost connection is re-established (a new client, the subscription again, so the retained state arrives
 * again) each time {@link #reconnectIfLost} is called, and {@link #problem} says since when the table shows only the
 * last state received. Without this the live table kept redrawing old rows, heartbeat ages growing, with no word
 * that nothing could arrive any more.
 */
public final class FleetWatch implements AutoCloseable {
    private final RemoteBroker.Settings settings;
    private final String filter;
    private final FleetView view;
    private RemoteBroker broker;
    private Instant lostAt;
    private String lastError = "";

    /**
     * Watches through {@code connected}, already connected to the broker {@code settings} name; owns it from here on
     * (it is closed if the subscription fails).
     */
    public FleetWatch(RemoteBroker.Settings settings, String prefix, FleetView view, RemoteBroker connected) throws Exception {
        this.settings = settings;
        this.filter = StatusTopics.fleetFilter(prefix);
        this.view = view;
        this.broker = subscribed(connected);
    }

    /** {@code rb} subscribed to the fleet's topics, or closed and the failure thrown. */
    private RemoteBroker subscribed(RemoteBroker rb) throws Exception {
        try {
            rb.onMessage((topic, m) -> view.accept(topic, m.getPayload()));
            rb.subscribe(filter, settings.timeout());
            return rb;
        } catch (Exception e) {
            rb.close();
            throw e;
        }
    }

    /** If the connection is lost, one attempt to connect and subscribe again; the table's rows stay as they were. */
    public void reconnectIfLost(Instant now) {
        if (broker != null && broker.connected()) {
            lostAt = null;
            return;
        }
        if (lostAt == null) {
            lostAt = now;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        try {
            broker = subscribed(RemoteBroker.connect(settings));
            lostAt = null;
            lastError = "";
        } catch (Exception e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Empty while connected; else what the operator should know about the rows shown. */
    public Optional<String> problem(Duration retryEvery) {
        if (lostAt == null) {
            return Optional.empty();
        }
        return Optional.of("broker connection lost at " + lostAt.truncatedTo(ChronoUnit.SECONDS)
                + (lastError.isEmpty() ? "" : " (" + lastError + ")") + "; reconnecting every "
                + retryEvery.toMillis() + " ms; the rows below are the last state received");
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
