package io.securelink.appliance.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event sink of the appliance: fans each event out to the subscribed sinks (log, metrics,
 * audit log, MQTT). A sink that throws is logged and skipped; it never stops the others or the caller.
 */
public final class EventBus implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    public EventBus subscribe(EventSink sink) {
        sinks.add(sink);
        return this;
    }

    public void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public void emit(Event event) {
        for (EventSink s : sinks) {
            try {
                s.emit(event);
            } catch (RuntimeException e) {
                LOG.error("event sink {} failed on {}: {}", s, event.type().wireName(), e.toString());
            }
        }
    }
}
