package io.securelink.appliance.policy;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many times each verdict was reached on one link, since start. */
public final class DecisionCounters {
    private final Map<Verdict, LongAdder> counts = new EnumMap<>(Verdict.class);

    public DecisionCounters() {
        for (Verdict v : Verdict.values()) {
            counts.put(v, new LongAdder());
        }
    }

    public void count(Verdict v) {
        counts.get(v).increment();
    }

    public long get(Verdict v) {
        return counts.get(v).sum();
    }

    /** A snapshot keyed by wire name, verdicts never reached included as 0. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            out.put(v.wireName(), get(v));
        }
        return out;
    }
}
