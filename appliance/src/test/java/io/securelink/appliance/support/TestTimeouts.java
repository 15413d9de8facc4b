package io.securelink.appliance.support;

import java.time.Duration;

/** The longest any test waits for one event; set with -Dsecurelink.test.timeout=SECONDS. */
public final class TestTimeouts {
    private TestTimeouts() {
    }

    public static Duration event() {
        return Duration.ofSeconds(Long.getLong("securelink.test.timeout", 20));
    }

    public static long eventMillis() {
        return event().toMillis();
    }

    /**
     * A latency budget for a product operation that takes {@code onQuietBox} at most on an idle machine, scaled
     * for a loaded one: a thread can be descheduled for hundreds of milliseconds when other builds occupy every
     * core, so a wall-clock figure measured in a test must allow for that. Scales with the one knob for how slow
     * the box may be ({@code securelink.test.timeout}): x5 at its default of 20 s, never below x1.
     */
    public static Duration latency(Duration onQuietBox) {
        long factor = Math.max(1, event().toSeconds() / 4);
        return onQuietBox.multipliedBy(factor);
    }
}
