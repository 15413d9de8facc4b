package io.securelink.appliance.status;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Where MQTT command requests wait for the one thread that answers them ({@code sl-mqtt-commands}), bounded: at
 * most {@link #PER_SECOND} requests a second are taken and at most {@link #QUEUE} wait; the rest are dropped
 * unanswered, counted, and said in one {@code command-served} event ({@code error: rate-limited}) at most every
 * {@link #REPORT_EVERY_NANOS}. A request's payload is not kept (no command reads one). Before, every request
 * waited in an unbounded queue with its payload, each was answered with a full status and written to the log and
 * the audit log: a flood of 7,000 requests took the daemon from 105 to 316 MB RSS and a core for tens of seconds,
 * wrote 3,000 audit records in seconds, and (payloads being up to the broker's maximum packet) could exhaust the heap.
 */
final class CommandIntake implements MqttUplink.CommandHandler {
    static final int PER_SECOND = 10;
    static final int QUEUE = 16;
    static final int MAX_NAME = 64;
    static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final MqttUplink.CommandHandler answerer;
    private final EventSink events;
    private final ThreadPoolExecutor worker;
    private final AtomicLong dropped = new AtomicLong();
    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long droppedSinceReport;
    private long lastReport = Long.MIN_VALUE;

    CommandIntake(MqttUplink.CommandHandler answerer, EventSink events) {
        this.answerer = answerer;
        this.events = events;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "sl-mqtt-commands");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Called on the MQTT client's callback thread: never blocks, never answers here. */
    @Override
    public void request(String requested, MqttMessage message) {
        String name = printable(requested);
        if (!admit(System.nanoTime())) {
            drop(name);
            return;
        }
        MqttMessage slim = new MqttMessage();
        slim.setProperties(message.getProperties());
        try {
            worker.execute(() -> answerer.request(name, slim));
        } catch (RejectedExecutionException full) {
            drop(name);
        }
    }

    /**
     * The command name as it may be shown in a reply, the log and the audit log: a topic level can hold any character
     * but '/', '+', '#' and NUL, and be 64 KiB long, so control and bidirectional-override characters are escaped
     * ({@code \\u000a}: no forged log line) and a name longer than {@link #MAX_NAME} is cut. No real command changes.
     */
    static String printable(String name) {
        StringBuilder b = new StringBuilder(Math.min(name.length(), MAX_NAME + 32));
        int n = Math.min(name.length(), MAX_NAME);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (name.length() > MAX_NAME) {
            b.append("...(").append(name.length()).append(" characters)");
        }
        return b.toString();
    }

    /** Requests dropped unanswered since start (over the rate, or the queue full). */
    long dropped() {
        return dropped.get();
    }

    void shutdown() {
        worker.shutdownNow();
    }

    private synchronized boolean admit(long now) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        return inWindow++ < PER_SECOND;
    }

    private void drop(String name) {
        dropped.incrementAndGet();
        long since;
        synchronized (this) {
            droppedSinceReport++;
            long now = System.nanoTime();
            if (lastReport != Long.MIN_VALUE && now - lastReport < REPORT_EVERY_NANOS) {
                return;
            }
            lastReport = now;
            since = droppedSinceReport;
            droppedSinceReport = 0;
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("command", name);
        f.put("ok", "false");
        f.put("error", "rate-limited");
        f.put("dropped", Long.toString(since));
        f.put("dropped-total", Long.toString(dropped.get()));
        events.emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "MQTT command requests over " + PER_SECOND
                + "/s (or " + QUEUE + " waiting) dropped unanswered: " + since + " since the last report, "
                + dropped.get() + " since start", f));
    }
}
