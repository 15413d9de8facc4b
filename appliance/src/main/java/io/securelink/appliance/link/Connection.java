package io.securelink.appliance.link;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.policy.Admission;
import java.util.Map;

/**
 * One accepted connection's fixed context: the link state, the snapshot it was accepted under, its
 * admission ticket, its {@link ConnectionTrace} (bytes and end; null for a connection refused at accept)
 * and the shared services it may use. Created on accept, never changed.
 */
record Connection(LinkState state, LinkSnapshot snapshot, Admission.Ticket ticket, String remote,
                  Transport transport, Resolver resolver, EventSink events, ConnectionTrace trace) {

    String link() {
        return state.name();
    }

    /**
     * Emits a warning event. Every one reaches the event bus, so each sink counts it exactly; sinks that
     * write (log, MQTT) summarise floods themselves.
     */
    void warn(EventType type, String message, Map<String, String> fields) {
        events.emit(Event.of(type, link(), remote, message, fields));
    }
}
