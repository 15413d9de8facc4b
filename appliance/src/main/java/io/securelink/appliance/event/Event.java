package io.securelink.appliance.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the appliance did or refused, with enough context to act on: which link, which remote
 * address, a one-line message, and structured fields (presented certificates, expected pins, reason...).
 * {@code link} and {@code remote} are empty strings when not applicable.
 */
public record Event(Instant time, EventType type, String link, String remote, String message, Map<String, String> fields) {

    public Event {
        fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    public static Event of(EventType type, String link, String remote, String message) {
        return new Event(Instant.now(), type, link, remote, message, Map.of());
    }

    public static Event of(EventType type, String link, String remote, String message, Map<String, String> fields) {
        return new Event(Instant.now(), type, link, remote, message, fields);
    }
}
