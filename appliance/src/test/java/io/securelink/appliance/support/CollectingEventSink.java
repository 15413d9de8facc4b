package io.securelink.appliance.support;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records events so tests can await and inspect them. */
public final class CollectingEventSink implements EventSink {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void emit(Event event) {
        events.add(event);
        notifyAll();
    }

    public List<Event> all() {
        return List.copyOf(events);
    }

    public List<Event> of(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Waits for the first event matching {@code p}, failing the test after the test timeout. */
    public synchronized Event await(Predicate<Event> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TestTimeouts.eventMillis());
        while (true) {
            for (Event e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event: " + what + "; saw " + events);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    public Event await(EventType type) throws InterruptedException {
        return await(e -> e.type() == type, type.wireName());
    }
}
