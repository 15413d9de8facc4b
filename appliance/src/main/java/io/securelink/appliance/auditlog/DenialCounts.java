package io.securelink.appliance.auditlog;

import io.securelink.appliance.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refusals per event type and link between two summaries, so a flood of denied connections
 * becomes one audit record per type and link per interval instead of one line per connection. Adding is
 * a short per-key critical section; it never waits for the disk.
 */
final class DenialCounts {
    private static final int SAMPLE_SOURCES = 10;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final String type;
        final String link;
        final Instant first;
        Instant last;
        long count;
        final Set<String> sources = new LinkedHashSet<>();
        long otherSources;
        final Map<String, Long> reasons = new LinkedHashMap<>();

        Window(String type, String link, Instant first) {
            this.type = type;
            this.link = link;
            this.first = first;
            this.last = first;
        }
    }

    void add(Event e) {
        String source = host(e.remote());
        String reason = e.fields().getOrDefault("reason", e.fields().getOrDefault("verdict", ""));
        windows.compute(e.type().wireName() + "|" + e.link(), (k, w) -> {
            Window x = w == null ? new Window(e.type().wireName(), e.link(), e.time()) : w;
            x.count++;
            x.last = e.time();
            if (!source.isEmpty() && !x.sources.contains(source)) {
                if (x.sources.size() < SAMPLE_SOURCES) {
                    x.sources.add(source);
                } else {
                    x.otherSources++;
                }
            }
            if (!reason.isEmpty() && (x.reasons.containsKey(reason) || x.reasons.size() < 5)) {
                x.reasons.merge(reason, 1L, Long::sum);
            }
            return x;
        });
    }

    /** The summaries of everything counted since the last drain, as audit-record fields; resets the counts. */
    List<Map<String, String>> drain() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String key : List.copyOf(windows.keySet())) {
            Window w = windows.remove(key);
            if (w == null) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("event", w.type);
            f.put("link", w.link);
            f.put("count", Long.toString(w.count));
            f.put("from", w.first.toString());
            f.put("to", w.last.toString());
            f.put("sources", String.join(",", w.sources) + (w.otherSources > 0 ? ",+" + w.otherSources + " more" : ""));
            if (!w.reasons.isEmpty()) {
                StringBuilder r = new StringBuilder();
                w.reasons.forEach((k, v) -> r.append(r.length() == 0 ? "" : "; ").append(k).append(" x").append(v));
                f.put("reasons", r.toString());
            }
            out.add(f);
        }
        return out;
    }

    private static String host(String remote) {
        if (remote == null || remote.isEmpty()) {
            return "";
        }
        int colon = remote.lastIndexOf(':');
        String h = colon > 0 ? remote.substring(0, colon) : remote;
        return h.startsWith("/") ? h.substring(1) : h;
    }
}
