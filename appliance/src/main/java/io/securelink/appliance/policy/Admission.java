package io.securelink.appliance.policy;

import io.securelink.appliance.config.PolicyConfig;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accept-time gate of one link: source rules, then the per-source rate, then connection limits and
 * the handshake share ({@link HandshakeSlots}), all before any TLS work is spent. Per-source counts are
 * kept by {@link SourceKey}. Its counts (live connections, per-source connections, rate buckets,
 * handshakes in flight) belong to the link, not to a config snapshot, so they carry across reloads; the
 * rules come with each check, as the {@link LinkPolicy} of the snapshot the connection is accepted under.
 * A source's rate bucket built under another rate is rebuilt with the current one, so a reload that
 * changes the rate applies to sources already seen.
 */
public final class Admission {
    private static final int MAX_TRACKED_SOURCES = 100_000;

    private final AtomicInteger live = new AtomicInteger();
    private final HandshakeSlots slots = new HandshakeSlots();
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

    /** As {@link #admit(InetAddress, LinkPolicy, long, Runnable)}, for a connection nobody can evict. */
    public Result admit(InetAddress source, LinkPolicy linkPolicy, long nowNanos) {
        return admit(source, linkPolicy, nowNanos, () -> { });
    }

    /**
     * Decides a new connection from {@code source}. Rate bucket, connection count and handshake share are
     * kept per {@link SourceKey} (an IPv6 source by its prefix). When the link is full of handshakes in
     * flight, a newcomer may evict the oldest handshake of the source holding most of them
     * ({@link HandshakeSlots}); {@code onEvict} is how this connection is ended should that happen to it.
     */
    public Result admit(InetAddress source, LinkPolicy linkPolicy, long nowNanos, Runnable onEvict) {
        Decision d = linkPolicy.source(source);
        PolicyConfig policy = linkPolicy.limits();
        if (!d.allowed()) {
            return refuse(d);
        }
        InetAddress key = SourceKey.of(source, policy.ipv6SourcePrefix());
        if (policy.rate() != null) {
            PolicyConfig.Rate r = policy.rate();
            if (buckets.size() > MAX_TRACKED_SOURCES) {
                evictFullBuckets(nowNanos);
            }
            TokenBucket b = buckets.compute(key, (k, old) -> old == null ? new TokenBucket(r.perSecond(), r.burst(), nowNanos)
                    : old.hasRate(r.perSecond(), r.burst()) ? old : old.withRate(r.perSecond(), r.burst(), nowNanos));
            if (!b.tryTake(nowNanos)) {
                return refuse(new Decision(Verdict.RATE_LIMITED, "rate per-source " + r.text() + " burst " + r.burst()));
            }
        }
        HandshakeSlots.Slot victim = null;
        if (policy.maxConnections() > 0 && live.get() >= policy.maxConnections()) {
            // Full: a connection still handshaking from a source holding more slots than ours gives way.
            victim = slots.evictFor(key);
            if (victim == null) {
                return refuse(new Decision(Verdict.OVER_LIMIT, "max-connections " + policy.maxConnections()));
            }
        }
        int limit = policy.maxConnectionsPerSource();
        boolean[] over = {false};
        perSource.compute(key, (k, n) -> {
            int have = n == null ? 0 : n;
            if (limit > 0 && have >= limit) {
                over[0] = true;
                return n;
            }
            return have + 1;
        });
        if (over[0]) {
            evict(victim);
            return refuse(new Decision(Verdict.OVER_LIMIT, "max-connections-per-source " + limit));
        }
        AdmittedTicket ticket = new AdmittedTicket(key);
        HandshakeSlots.Grant g = slots.acquire(key, policy.maxHandshakesInFlight(), policy.maxHandshakesPerSource(), onEvict);
        if (g.slot() == null) {
            perSource.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            evict(victim);
            return refuse(new Decision(Verdict.HANDSHAKE_LIMIT, g.refusedBy()));
        }
        ticket.slot = g.slot();
        evict(victim);
        evict(g.evicted());
        live.incrementAndGet();
        counters.count(Verdict.ALLOWED);
        return new Result(d, ticket);
    }

    private void evict(HandshakeSlots.Slot victim) {
        if (victim != null) {
            counters.count(Verdict.HANDSHAKE_EVICTED);
            victim.evict();
        }
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
        return slots.held();
    }

    /** In-flight handshakes held by {@code source} (counted by its {@link SourceKey} under {@code ipv6Prefix}). */
    public int handshakesInFlight(InetAddress source, int ipv6Prefix) {
        return slots.heldBy(SourceKey.of(source, ipv6Prefix));
    }

    private final class AdmittedTicket implements Ticket {
        private final InetAddress source;
        private HandshakeSlots.Slot slot;
        private boolean released;
        private boolean handshakeDone;

        AdmittedTicket(InetAddress source) {
            this.source = source;
        }

        @Override
        public synchronized void handshakeDone() {
            if (!handshakeDone) {
                handshakeDone = true;
                slot.release();
                // The slot (and the eviction callback it carries) is no use once the handshake is over; an idle
                // connection would otherwise hold both for its whole life.
                slot = null;
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
