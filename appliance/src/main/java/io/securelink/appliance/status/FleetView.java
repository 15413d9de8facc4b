package io.securelink.appliance.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code securelink fleet} shows, built from the messages under {@code <prefix>/+/+/#}: per appliance
 * its state, heartbeat age (stale beyond three heartbeat intervals), links up/total, warnings and alerts in
 * the last hour, the nearest certificate expiry, and the HA pair role (from the heartbeat, and at once from
 * a {@code role-changed} event). Messages that are not ours or not JSON are ignored.
 */
public final class FleetView {
    private final String prefix;
    private final Map<String, Entry> entries = new TreeMap<>();

    private static final class Entry {
        String site;
        String appliance;
        String state = "unknown";
        Instant heartbeat;
        long heartbeatSeconds = 30;
        int linksUp;
        int linksTotal;
        long alertsReported;
        Instant alertsReportedAt;
        Long nearestCertDays;
        long liveConnections;
        long livePostQuantum;
        String role = "-";
        final Deque<Instant> alertsSeen = new ArrayDeque<>();
    }

    /**
     * One line of the table. {@code heartbeatAgeSeconds} is -1 when no heartbeat was seen; {@code role} is
     * the HA pair role ({@code master}, {@code backup}, {@code fault}...), {@code -} for a single appliance;
     * {@code livePostQuantum} of {@code liveConnections} were keyed with a post-quantum group.
     */
    public record Row(String site, String appliance, String state, long heartbeatAgeSeconds, boolean stale, int linksUp,
                      int linksTotal, long alertsLastHour, Long nearestCertificateDaysLeft, String role, long liveConnections,
                      long livePostQuantum) {
    }

    public FleetView(String prefix) {
        this.prefix = prefix;
    }

    public synchronized void accept(String topic, byte[] payload) {
        StatusTopics.Parsed p = StatusTopics.parse(prefix, topic);
        if (p == null || p.site().startsWith("_")) {
            return;
        }
        JsonNode n;
        try {
            n = StatusJson.parse(payload);
        } catch (IOException e) {
            return;
        }
        if (n == null || !n.isObject()) {
            return;
        }
        Entry e = entries.computeIfAbsent(p.site() + "/" + p.applianceId(), k -> {
            Entry x = new Entry();
            x.site = p.site();
            x.appliance = p.applianceId();
            return x;
        });
        switch (p.leaf()) {
            case StatusTopics.STATE -> {
                e.state = n.path("state").asText("unknown");
                if (n.has("heartbeat-seconds")) {
                    e.heartbeatSeconds = n.path("heartbeat-seconds").asLong(30);
                }
            }
            case StatusTopics.STATUS -> {
                e.heartbeat = time(n);
                e.heartbeatSeconds = n.path("heartbeat-seconds").asLong(e.heartbeatSeconds);
                e.linksUp = n.path("links-up").asInt();
                e.linksTotal = n.path("links-total").asInt();
                e.alertsReported = n.path("alerts-last-hour").asLong();
                e.alertsReportedAt = e.heartbeat;
                JsonNode d = n.path("nearest-certificate-days-left");
                e.nearestCertDays = d.isNumber() ? d.asLong() : null;
                e.liveConnections = n.path("live-connections").asLong();
                e.livePostQuantum = n.path("live-post-quantum").asLong();
                e.role = n.path("ha").path("role").asText("-");
            }
            case StatusTopics.EVENTS -> {
                if (n.path("type").asText().equals("role-changed") && n.path("fields").has("to")) {
                    e.role = n.path("fields").path("to").asText();
                }
                String sev = n.path("severity").asText();
                if (sev.equals("alert") || sev.equals("warning")) {
                    Instant t = time(n);
                    if (t != null && (e.alertsReportedAt == null || t.isAfter(e.alertsReportedAt))) {
                        e.alertsSeen.add(t);
                    }
                }
            }
            default -> {
                // Commands and replies are not part of the view.
            }
        }
    }

    private static Instant time(JsonNode n) {
        try {
            return Instant.parse(n.path("time").asText());
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    public synchronized List<Row> rows(Instant now) {
        List<Row> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            long age = e.heartbeat == null ? -1 : Math.max(0, Duration.between(e.heartbeat, now).toSeconds());
            boolean stale = e.heartbeat == null || Duration.between(e.heartbeat, now).compareTo(Duration.ofSeconds(3 * e.heartbeatSeconds)) > 0;
            Instant hourAgo = now.minus(Duration.ofHours(1));
            while (!e.alertsSeen.isEmpty() && e.alertsSeen.peekFirst().isBefore(hourAgo)) {
                e.alertsSeen.pollFirst();
            }
            long reported = e.alertsReportedAt != null && e.alertsReportedAt.isAfter(hourAgo) ? e.alertsReported : 0;
            out.add(new Row(e.site, e.appliance, e.state, age, stale, e.linksUp, e.linksTotal,
                    reported + e.alertsSeen.size(), e.nearestCertDays, e.role, e.liveConnections, e.livePostQuantum));
        }
        return out;
    }

    /** The snapshot {@code fleet --once --json} prints. */
    public ArrayNode json(Instant now) {
        ArrayNode a = StatusJson.mapper().createArrayNode();
        for (Row r : rows(now)) {
            ObjectNode o = a.addObject();
            o.put("site", r.site());
            o.put("appliance", r.appliance());
            o.put("state", r.state());
            o.put("role", r.role());
            o.put("heartbeat-age-seconds", r.heartbeatAgeSeconds());
            o.put("stale", r.stale());
            if ("offline".equals(r.state())) {
                o.putNull("links-up"); // nobody is there to say: unknown, not what the last heartbeat said
            } else {
                o.put("links-up", r.linksUp());
            }
            o.put("links-total", r.linksTotal());
            o.put("alerts-last-hour", r.alertsLastHour());
            if (r.nearestCertificateDaysLeft() == null) {
                o.putNull("nearest-certificate-days-left");
            } else {
                o.put("nearest-certificate-days-left", r.nearestCertificateDaysLeft());
            }
            if ("offline".equals(r.state())) {
                o.putNull("live-connections"); // as links-up: the last heartbeat's count is not what is live now
                o.putNull("live-post-quantum");
            } else {
                o.put("live-connections", r.liveConnections());
                o.put("live-post-quantum", r.livePostQuantum());
            }
        }
        return a;
    }

    /** The human table. */
    public String table(Instant now) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-16s %-24s %-8s %-7s %-14s %-6s %-8s %-10s %-10s%n";
        sb.append(String.format(fmt, "SITE", "APPLIANCE", "STATE", "ROLE", "HEARTBEAT", "LINKS", "ALERTS", "CERT-DAYS", "PQ-LIVE"));
        for (Row r : rows(now)) {
            String hb = r.heartbeatAgeSeconds() < 0 ? "never" : r.heartbeatAgeSeconds() + "s" + (r.stale() ? " STALE" : "");
            String links = ("offline".equals(r.state()) ? "?" : Integer.toString(r.linksUp())) + "/" + r.linksTotal();
            sb.append(String.format(fmt, r.site(), r.appliance(), r.state(), r.role(), hb, links,
                    r.alertsLastHour(), r.nearestCertificateDaysLeft() == null ? "-" : r.nearestCertificateDaysLeft().toString(),
                    "offline".equals(r.state()) ? "?/?" : r.livePostQuantum() + "/" + r.liveConnections()));
        }
        return sb.toString();
    }
}
