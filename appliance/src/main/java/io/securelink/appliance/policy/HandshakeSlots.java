package io.securelink.appliance.policy;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-flight TLS handshakes of one link, by source, so that no source can starve the others.
 *
 * <p>A slot is held from accept until the handshake ends. Three rules decide a newcomer:
 * <ol>
 *   <li>a source may hold at most {@code perSource} slots; beyond that it is refused before any TLS work
 *       (it can only compete with itself, like nginx {@code limit_conn} per key);</li>
 *   <li>when all {@code capacity} slots are taken, the newcomer is not refused if some other source holds
 *       more slots than the newcomer's source does: that source's <em>oldest</em> handshake is evicted
 *       (its connection is reset) and the newcomer takes the slot. A legitimate handshake finishes in
 *       milliseconds, so the oldest handshakes are the slow (or silent) ones; a source with no
 *       handshake in flight always gets in;</li>
 *   <li>otherwise (the newcomer's source already holds as many slots as any other) it is refused.</li>
 * </ol>
 * Slots belong to the link, not to a config snapshot, so they carry across reloads; the limits are
 * passed in with each request. Thread-safe; evictions are returned to the caller, which runs them
 * outside this object's lock.
 */
public final class HandshakeSlots {
    private final Map<InetAddress, ArrayDeque<Slot>> bySource = new HashMap<>();
    private int held;

    /** One held handshake slot. {@link #release()} is idempotent. */
    public final class Slot {
        private final InetAddress source;
        private final Runnable onEvict;
        private boolean released;

        private Slot(InetAddress source, Runnable onEvict) {
            this.source = source;
            this.onEvict = onEvict;
        }

        public InetAddress source() {
            return source;
        }

        /** Frees the slot (handshake finished, failed or connection closed). */
        public void release() {
            synchronized (HandshakeSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                held--;
                ArrayDeque<Slot> q = bySource.get(source);
                if (q != null) {
                    q.remove(this);
                    if (q.isEmpty()) {
                        bySource.remove(source);
                    }
                }
            }
        }

        /** Runs the eviction (closes the connection); call outside any lock. */
        public void evict() {
            onEvict.run();
        }
    }

    /** The outcome of {@link #acquire}: a slot, or a refusal rule; and maybe a victim to evict now. */
    public record Grant(Slot slot, Slot evicted, String refusedBy) {
    }

    /**
     * Asks for a slot for {@code source} (already a {@link SourceKey}).
     *
     * @param capacity all slots of the link, 0 for unlimited
     * @param perSource the share one source may hold, 0 for unlimited
     * @param onEvict how to end this handshake should a newcomer evict it later
     */
    public synchronized Grant acquire(InetAddress source, int capacity, int perSource, Runnable onEvict) {
        int mine = heldBy(source);
        if (perSource > 0 && mine >= perSource) {
            return new Grant(null, null, "max-handshakes-in-flight-per-source " + perSource);
        }
        Slot victim = null;
        if (capacity > 0 && held >= capacity) {
            victim = evictFromBiggerThan(mine);
            if (victim == null) {
                return new Grant(null, null, "max-handshakes-in-flight " + capacity);
            }
        }
        return new Grant(take(source, onEvict), victim, null);
    }

    /**
     * Frees one slot for a newcomer from {@code source} that is over another limit (max-connections):
     * the oldest handshake of the source holding most slots, if that source holds more than the
     * newcomer's. Returns the released victim (evict it outside the lock), or null.
     */
    public synchronized Slot evictFor(InetAddress source) {
        return evictFromBiggerThan(heldBy(source));
    }

    public synchronized int held() {
        return held;
    }

    public synchronized int heldBy(InetAddress source) {
        ArrayDeque<Slot> q = bySource.get(source);
        return q == null ? 0 : q.size();
    }

    private Slot take(InetAddress source, Runnable onEvict) {
        Slot s = new Slot(source, onEvict);
        bySource.computeIfAbsent(source, k -> new ArrayDeque<>()).addLast(s);
        held++;
        return s;
    }

    private Slot evictFromBiggerThan(int mine) {
        ArrayDeque<Slot> biggest = null;
        for (ArrayDeque<Slot> q : bySource.values()) {
            if (biggest == null || q.size() > biggest.size()) {
                biggest = q;
            }
        }
        if (biggest == null || biggest.size() <= mine) {
            return null;
        }
        Slot victim = biggest.peekFirst();
        victim.release();
        return victim;
    }
}
