package io.securelink.appliance.status;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between broker connection attempts: the ceiling doubles from
 * {@code initial} up to {@code max} with every failure, the actual delay is drawn uniformly from the
 * upper half of the ceiling (so a fleet that lost its broker together does not come back in step), and a
 * success resets it. Defaults 1 s and 60 s; {@code -Dsecurelink.mqtt.backoff-initial-ms} and
 * {@code -Dsecurelink.mqtt.backoff-max-ms} override them (tests use short ones).
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    public static Backoff fromSystemProperties() {
        return new Backoff(Duration.ofMillis(Long.getLong("securelink.mqtt.backoff-initial-ms", 1000)),
                Duration.ofMillis(Long.getLong("securelink.mqtt.backoff-max-ms", 60_000)));
    }

    /** The delay before the next attempt, after one more failure. */
    public synchronized Duration nextDelay() {
        long ceiling = initialMillis << Math.min(failures, 20);
        ceiling = Math.min(ceiling, maxMillis);
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    public synchronized void reset() {
        failures = 0;
    }
}
