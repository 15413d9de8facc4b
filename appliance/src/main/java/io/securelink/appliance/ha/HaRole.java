package io.securelink.appliance.ha;

import java.util.Locale;
import java.util.Optional;

/** A VRRP instance's state as keepalived's {@code notify} reports it; {@code UNKNOWN} until the first report. */
public enum HaRole {
    MASTER, BACKUP, FAULT, STOP, UNKNOWN;

    /** Parses keepalived's words ({@code MASTER}, {@code BACKUP}, {@code FAULT}, {@code STOP}), any case. */
    public static Optional<HaRole> parse(String word) {
        String w = word == null ? "" : word.trim().toUpperCase(Locale.ROOT);
        for (HaRole r : values()) {
            if (r != UNKNOWN && r.name().equals(w)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
