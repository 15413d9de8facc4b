package io.securelink.appliance.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to the log. Warnings and alerts of one type on one link are limited to
 * {@code perMinute} lines a minute, with a count of what was suppressed, so a flood cannot fill the disk.
 */
public final class LoggingEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger("securelink.events");
    private final EventThrottle throttle;

    public LoggingEventSink(int perMinute) {
        this.throttle = new EventThrottle(perMinute);
    }

    @Override
    public void emit(Event e) {
        String line = format(e);
        if (e.type().severity() == EventType.Severity.INFO) {
            LOG.info(line);
            return;
        }
        long suppressed = throttle.admit(e.type() + "/" + e.link(), System.nanoTime());
        if (suppressed < 0) {
            return;
        }
        String tail = suppressed > 0 ? " (" + suppressed + " similar suppressed)" : "";
        if (e.type().severity() == EventType.Severity.ALERT) {
            LOG.error("{}{}", line, tail);
        } else {
            LOG.warn("{}{}", line, tail);
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
