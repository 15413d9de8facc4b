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
}
