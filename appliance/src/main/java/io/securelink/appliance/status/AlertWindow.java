package io.securelink.appliance.status;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventType;
import java.time.Instant;

/**
 * Counts warnings and alerts (events of severity {@code warning} or {@code alert}) over the last hour in
 * one-minute buckets, for the heartbeat's {@code alerts-last-hour}.
 */
final class AlertWindow {
    private final long[] minute = new long[60];
    private final long[] count = new long[60];

    synchronized void record(Event e) {
        if (e.type().severity() == EventType.Severity.INFO) {
            return;
        }
        long m = e.time().getEpochSecond() / 60;
        int i = (int) (m % 60);
        if (minute[i] != m) {
            minute[i] = m;
            count[i] = 0;
        }
        count[i]++;
    }

    synchronized long lastHour(Instant now) {
        long m = now.getEpochSecond() / 60;
        long total = 0;
        for (int i = 0; i < 60; i++) {
            if (m - minute[i] < 60 && minute[i] <= m) {
                total += count[i];
            }
        }
        return total;
    }
}
