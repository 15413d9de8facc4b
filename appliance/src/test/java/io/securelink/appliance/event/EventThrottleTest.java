package io.securelink.appliance.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A flood of refusals becomes a bounded number of lines, each saying how many it stands for. */
class EventThrottleTest {
    @Test
    void letsThroughTheQuotaPerMinuteThenCountsWhatItDrops() {
        EventThrottle t = new EventThrottle(3);
        long now = 1_000_000_000L;
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (t.admit("pin-failed/voice-in", now + i) >= 0) {
                passed++;
            }
        }
        assertEquals(3, passed);
        assertEquals(997, t.admit("pin-failed/voice-in", now + 61_000_000_000L), "first line of the next minute reports the drops");
        assertEquals(0, t.admit("pin-failed/other-link", now), "keys are throttled independently");
    }
}
