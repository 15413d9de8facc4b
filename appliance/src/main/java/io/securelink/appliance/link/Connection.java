package io.securelink.appliance.link;

import io.netty.channel.Channel;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventThrottle;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.policy.Admission;
import java.util.Map;

/**
 * One accepted connection's fixed context: the link state, the snapshot it was accepted under, its
 * admission ticket and the shared services it may use. Created on accept, never changed.
 */
record Connection(LinkState state, LinkSnapshot snapshot, Admission.Ticket ticket, String remote,
                  Transport transport, Resolver resolver, EventSink events, EventThrottle throttle) {

    String link() {
        return state.name();
    }

    /** Emits a warning event through the per-link throttle, so floods stay bounded. */
    void warn(EventType type, String message, Map<String, String> fields) {
        long dropped = throttle.admit(type + "/" + link(), System.nanoTime());
        if (dropped < 0) {
            return;
        }
        Map<String, String> f = new java.util.LinkedHashMap<>(fields);
        if (dropped > 0) {
            f.put("suppressed", Long.toString(dropped));
        }
        events.emit(Event.of(type, link(), remote, message, f));
    }

    void closeBoth(Channel a, Channel b) {
        a.close();
        if (b != null) {
            b.close();
        }
    }
}
