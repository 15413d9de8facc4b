package io.securelink.appliance.ha;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VRRP role keepalived last reported for this appliance. keepalived's {@code notify} reaches it through
 * the control socket ({@code role master|backup|fault|stop}); each change is one {@code role-changed} event
 * (MQTT, audit log, journal). A repeated report of the same role changes nothing and emits nothing, so
 * keepalived re-running its notify is harmless. keepalived starts one notify process per transition and
 * does not wait for it, so two reports can arrive out of order (a slow "backup" after a quick "master"):
 * each report carries when its notify process started, and one older than the last applied is ignored.
 * Thread-safe.
 */
public final class RoleTracker {
    private final EventSink events;
    private HaRole role = HaRole.UNKNOWN;
    private Instant since = Instant.now();
    private long changes;
    private long lastReportAt = Long.MIN_VALUE;

    public RoleTracker(EventSink events) {
        this.events = events;
    }

    /** Records a report; returns the line the control socket answers with. */
    public String report(HaRole next, String instance) {
        return report(next, instance, Long.MIN_VALUE);
    }

    /**
     * Records a report made at {@code reportedAtMillis} (epoch ms when keepalived started the notify; MIN_VALUE
     * when unknown, always applied in arrival order).
     */
    public String report(HaRole next, String instance, long reportedAtMillis) {
        Event e;
        synchronized (this) {
            if (reportedAtMillis != Long.MIN_VALUE) {
                if (reportedAtMillis < lastReportAt) {
                    return "role " + next.wireName() + " ignored: reported at " + Instant.ofEpochMilli(reportedAtMillis)
                            + ", before the last report (" + Instant.ofEpochMilli(lastReportAt) + "); role stays " + role.wireName() + "\n";
                }
                lastReportAt = reportedAtMillis;
            }
            if (next == role) {
                return "role " + role.wireName() + " (unchanged)\n";
            }
            HaRole before = role;
            role = next;
            since = Instant.now();
            if (before != HaRole.UNKNOWN) {
                changes++;
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("from", before.wireName());
            f.put("to", next.wireName());
            f.put("instance", instance);
            f.put("changes", Long.toString(changes));
            e = Event.of(EventType.ROLE_CHANGED, "", "", "HA role " + before.wireName() + " -> " + next.wireName()
                    + (instance.isEmpty() ? "" : " (VRRP instance " + instance + ")"), f);
        }
        events.emit(e);
        return "role " + next.wireName() + "\n";
    }

    public synchronized HaRole role() {
        return role;
    }

    public synchronized Instant since() {
        return since;
    }

    /** Changes between known roles since start (the first report after start is not counted). */
    public synchronized long changes() {
        return changes;
    }
}
