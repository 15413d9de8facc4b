package io.securelink.appliance.event;

/**
 * Where every event goes. Implementations are called on event-loop threads, so they must not block:
 * anything slow (disk, network) is queued and done elsewhere.
 */
@FunctionalInterface
public interface EventSink {
    void emit(Event event);

    EventSink NONE = e -> { };
}
