package io.securelink.appliance.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets through at most {@code perMinute} events per key (typically type and link) each minute and counts
 * the rest, so a flood of refusals produces a bounded number of log lines and messages, each saying how
 * many similar ones it stands for.
 */
public final class EventThrottle {
    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public EventThrottle(int perMinute) {
        this.perMinute = perMinute;
    }

    /** @return -1 to drop this event, otherwise how many were dropped under this key since the last one let through */
    public long admit(String key, long nowNanos) {
        if (windows.size() > 10_000) {
            windows.clear();
        }
        return windows.computeIfAbsent(key, k -> new Window()).admit(nowNanos, perMinute);
    }

    private static final class Window {
        private long start = Long.MIN_VALUE;
        private int used;
        private long dropped;

        synchronized long admit(long now, int n) {
            if (start == Long.MIN_VALUE || now - start > 60_000_000_000L) {
                start = now;
                used = 0;
            }
            if (used++ < n) {
                long d = dropped;
                dropped = 0;
                return d;
            }
            dropped++;
            return -1;
        }
    }
}
