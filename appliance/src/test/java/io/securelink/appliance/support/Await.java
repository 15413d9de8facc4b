package io.securelink.appliance.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition that has no event of its own (a counter reaching a value), up to the test timeout. */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        until(condition, what, TestTimeouts.eventMillis());
    }

    /** As {@link #until(BooleanSupplier, String)} with its own limit (e.g. a JVM starting on a loaded box). */
    public static void until(BooleanSupplier condition, String what, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
