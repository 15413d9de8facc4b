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

    @Test
    void aMinuteThatEndsWithDropsHandsOverTheirExactCountOnce() {
        EventThrottle t = new EventThrottle(2);
        long now = 5_000_000_000L;
        Event e = Event.of(EventType.CONNECTION_DENIED, "voice-in", "10.0.0.1:1", "refused");
        for (int i = 0; i < 500; i++) {
            t.admit(e, now + i);
        }
        assertEquals(0, t.drainEnded(now + 1_000).size(), "the minute is not over yet");
        var ended = t.drainEnded(now + 61_000_000_000L);
        assertEquals(1, ended.size());
        assertEquals(498, ended.get(0).count());
        assertEquals(e, ended.get(0).last());
        assertEquals(0, t.drainEnded(now + 62_000_000_000L).size(), "reported once");
        assertEquals(0, t.admit(e, now + 63_000_000_000L), "and not again on the next event let through");
    }
}
