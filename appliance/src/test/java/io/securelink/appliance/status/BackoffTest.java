package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reconnect delays: doubling ceilings up to the maximum, each delay jittered within the upper half, reset on success. */
class BackoffTest {
    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000};
        for (long c : ceilings) {
            long d = b.nextDelay().toMillis();
            assertTrue(d >= c / 2 && d <= c, "delay " + d + " for ceiling " + c);
        }
        b.reset();
        long first = b.nextDelay().toMillis();
        assertTrue(first >= 50 && first <= 100, "reset starts over: " + first);
    }

    @Test
    void appliancesThatFailTogetherDoNotRetryInStep() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
            for (int k = 0; k < 5; k++) {
                b.nextDelay();
            }
            delays.add(b.nextDelay().toMillis());
        }
        assertTrue(delays.size() > 10, "jitter spreads the retries: " + delays);
        assertEquals(true, delays.stream().allMatch(d -> d >= 16_000 && d <= 32_000), delays.toString());
    }
}
