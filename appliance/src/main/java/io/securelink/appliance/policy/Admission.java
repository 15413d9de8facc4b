package io.securelink.appliance.policy;

import io.securelink.appliance.config.PolicyConfig;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accept-time gate of one link: source rules, then the per-source rate, then connection limits,
 * all before any TLS work is spent. Its counts (live connections, per-source connections, rate buckets,
 * handshakes in flight) belong to the link, not to a config snapshot, so they carry across reloads; the
 * rules come with each check, as the {@link LinkPolicy} of the snapshot the connection is accepted under.
 * A source's rate bucket built under another rate is rebuilt with the current one, so a reload that
 * changes the rate applies to sources already seen.
 */
public final class Admission {
    private static final int MAX_TRACKED_SOURCES = 100_000;

    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final Map<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final DecisionCounters counters = new DecisionCounters();

    /** An admitted connection; {@link #release()} once when it closes. */
    public interface Ticket {
        void release();

        /** Marks the TLS handshake finished (successfully or not), freeing its in-flight slot. */
        void handshakeDone();
    }

    public record Result(Decision decision, Ticket ticket) {
    }

    public Result admit(InetAddress source, LinkPolicy linkPolicy, long nowNanos) {
        Decision d = linkPolicy.source(source);
        PolicyConfig policy = linkPolicy.limits();
        if (!d.allowed()) {
            return refuse(d);
        }
        if (policy.rate() != null) {
            PolicyConfig.Rate r = policy.rate();
            if (buckets.size() > MAX_TRACKED_SOURCES) {
                evictFullBuckets(nowNanos);
            }
            TokenBucket b = buckets.compute(source, (k, old) -> old == null ? new TokenBucket(r.perSecond(), r.burst(), nowNanos)
                    : old.hasRate(r.perSecond(), r.burst()) ? old : old.withRate(r.perSecond(), r.burst(), nowNanos));
            if (!b.tryTake(nowNanos)) {
                return refuse(new Decision(Verdict.RATE_LIMITED, "rate per-source " + r.text() + " burst " + r.burst()));
            }
        }
        if (policy.maxConnections() > 0 && live.get() >= policy.maxConnections()) {
            return refuse(new Decision(Verdict.OVER_LIMIT, "max-connections " + policy.maxConnections()));
        }
        if (policy.maxHandshakesInFlight() > 0 && handshakes.get() >= policy.maxHandshakesInFlight()) {
            return refuse(new Decision(Verdict.HANDSHAKE_LIMIT, "max-handshakes-in-flight " + policy.maxHandshakesInFlight()));
        }
        int limit = policy.maxConnectionsPerSource();
        boolean[] over = {false};
        perSource.compute(source, (k, n) -> {
            int have = n == null ? 0 : n;
            if (limit > 0 && have >= limit) {
                over[0] = true;
                return n;
            }
            return have + 1;
        });
        if (over[0]) {
            return refuse(new Decision(Verdict.OVER_LIMIT, "max-connections-per-source " + limit));
        }
        live.incrementAndGet();
        handshakes.incrementAndGet();
        counters.count(Verdict.ALLOWED);
        return new Result(d, new AdmittedTicket(source));
    }

    private Result refuse(Decision d) {
        counters.count(d.verdict());
        return new Result(d, null);
    }

    private void evictFullBuckets(long now) {
        for (Iterator<Map.Entry<InetAddress, TokenBucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isFull(now)) {
                it.remove();
            }
        }
    }

    /** Counts a verdict reached after accept (identity, pin, route). */
    public void count(Verdict v) {
        counters.count(v);
    }

    public DecisionCounters counters() {
        return counters;
    }

    public int live() {
        return live.get();
    }

    public int handshakesInFlight() {
        return handshakes.get();
    }

    private final class AdmittedTicket implements Ticket {
        private final InetAddress source;
        private boolean released;
        private boolean handshakeDone;

        AdmittedTicket(InetAddress source) {
            this.source = source;
        }

        @Override
        public synchronized void handshakeDone() {
            if (!handshakeDone) {
                handshakeDone = true;
                handshakes.decrementAndGet();
            }
        }

        @Override
        public synchronized void release() {
            handshakeDone();
            if (!released) {
                released = true;
                live.decrementAndGet();
                perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
