package io.securelink.appliance.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the log. Warnings and alerts of one type on one link are limited to
 * {@code perMinute} lines a minute, so a flood cannot fill the disk; the lines held back are counted
 * exactly and reported, on the next line let through or, once their minute is over, on a line of their own.
 */
public final class LoggingEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger("securelink.events");
    private final EventThrottle throttle;

    public LoggingEventSink(int perMinute) {
        this.throttle = new EventThrottle(perMinute);
    }

    @Override
    public void emit(Event e) {
        long now = System.nanoTime();
        for (EventThrottle.Suppressed s : throttle.drainEnded(now)) {
            write(s.last(), " (last of " + s.count() + " similar suppressed in a minute)");
        }
        if (e.type().severity() == EventType.Severity.INFO) {
            LOG.info(format(e));
            return;
        }
        long suppressed = throttle.admit(e, now);
        if (suppressed < 0) {
            return;
        }
        write(e, suppressed > 0 ? " (" + suppressed + " similar suppressed)" : "");
    }

    private static void write(Event e, String tail) {
        String line = format(e);
        if (e.type().severity() == EventType.Severity.ALERT) {
            LOG.error("{}{}", line, tail);
        } else if (e.type().severity() == EventType.Severity.WARNING) {
            LOG.warn("{}{}", line, tail);
        } else {
            LOG.info("{}{}", line, tail);
        }
    }

    static String format(Event e) {
        StringBuilder sb = new StringBuilder(e.type().wireName());
        if (!e.link().isEmpty()) {
            sb.append(" link=").append(e.link());
        }
        if (!e.remote().isEmpty()) {
            sb.append(" remote=").append(e.remote());
        }
        return sb.append(": ").append(e.message()).toString();
    }
}
