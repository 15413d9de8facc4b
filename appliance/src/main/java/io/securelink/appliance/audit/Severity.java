package io.securelink.appliance.audit;

import java.util.Locale;

/** How urgent a finding is; {@code --fail-on} compares against this order (HIGH is the most severe). */
public enum Severity {
    HIGH, MEDIUM, LOW, INFO;

    /** True when this severity is {@code threshold} or more severe. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a severity (high, medium, low or info)");
        }
    }
}
