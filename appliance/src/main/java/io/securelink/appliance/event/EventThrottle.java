package io.securelink.appliance.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For a sink that writes (log, MQTT journal): lets through at most {@code perMinute} events per key
 * (type and link) each minute and counts the rest, so a flood costs a bounded number of lines. Nothing is
 * lost from the count: the next event let through under a key reports how many were held back before it,
 * and {@link #drainEnded} hands over the count of a minute that ended with no event let through after its
 * drops. Events are counted exactly at the source (the event bus sees every one); only sinks throttle.
 */
public final class EventThrottle {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** What a key held back in a minute that has ended: the last such event and how many there were. */
    public record Suppressed(Event last, long count) {
    }

    public EventThrottle(int perMinute) {
        this.perMinute = perMinute;
    }

    /** The throttle key of an event: its type and link. */
    public static String keyOf(Event e) {
        return e.type().wireName() + "/" + e.link();
    }

    /** @return -1 to drop this event, otherwise how many were dropped under this key since the last one let through */
    public long admit(String key, long nowNanos) {
        return windows.computeIfAbsent(key, k -> new Window()).admit(null, nowNanos, perMinute);
    }

    /** As {@link #admit(String, long)} under {@link #keyOf}, remembering the event if it is dropped. */
    public long admit(Event e, long nowNanos) {
        return windows.computeIfAbsent(keyOf(e), k -> new Window()).admit(e, nowNanos, perMinute);
    }

    /**
     * The drops of every key whose minute has ended with drops not yet reported; each is reported once
     * (here or by the next event let through, never both).
     */
    public List<Suppressed> drainEnded(long nowNanos) {
        return drain(nowNanos, false);
    }

    /** The drops not yet reported of every key, minute ended or not: for a sink that is closing. */
    public List<Suppressed> drainAll() {
        return drain(0, true);
    }

    private List<Suppressed> drain(long nowNanos, boolean all) {
        List<Suppressed> out = new ArrayList<>();
        for (Window w : windows.values()) {
            Suppressed s = w.take(nowNanos, all);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static final class Window {
        private long start = Long.MIN_VALUE;
        private int used;
        private long dropped;
        private Event lastDropped;

        synchronized long admit(Event e, long now, int n) {
            if (start == Long.MIN_VALUE || now - start > MINUTE_NANOS) {
                start = now;
                used = 0;
            }
            if (used++ < n) {
                long d = dropped;
                dropped = 0;
                lastDropped = null;
                return d;
            }
            dropped++;
            lastDropped = e;
            return -1;
        }

        synchronized Suppressed take(long now, boolean all) {
            if (dropped == 0 || (!all && now - start <= MINUTE_NANOS)) {
                return null;
            }
            Suppressed s = new Suppressed(lastDropped, dropped);
            dropped = 0;
            lastDropped = null;
            return s;
        }
    }
}
