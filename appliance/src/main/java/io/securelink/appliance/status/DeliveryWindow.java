package io.securelink.appliance.status;

import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The in-flight bookkeeping of the journal replay for one MQTT connection at a time: which sequence
 * numbers are sent, which the broker acknowledged (acknowledgements may arrive out of order; the journal
 * is acknowledged up to the first gap only), how many are in flight against the broker's receive maximum,
 * and whether the connection was lost. Each connection is a generation; callbacks of an older generation
 * are ignored. Also the uplink thread's wake-up signal. Thread-safe.
 */
final class DeliveryWindow {
    static final int MAX = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile int size = MAX;
    // Guarded by lock:
    private long generation;
    private long sentUpTo;
    private long ackedUpTo;
    private int inFlight;
    private final TreeSet<Long> completed = new TreeSet<>();
    private boolean connectionLost;
    private boolean signalled;

    /** What the next publish round may send: after {@code from}, at most {@code room} events, under {@code generation}. */
    record Round(long from, int room, long generation) {
    }

    /** A new connection: nothing in flight, resume after {@code acknowledged}. @return its generation */
    long reset(long acknowledged) {
        lock.lock();
        try {
            connectionLost = false;
            completed.clear();
            inFlight = 0;
            ackedUpTo = acknowledged;
            sentUpTo = acknowledged;
            return ++generation;
        } finally {
            lock.unlock();
        }
    }

    /** Sizes the window from the broker's receive maximum, leaving a few slots for heartbeat, birth and replies. */
    void fitTo(Integer receiveMaximum) {
        size = receiveMaximum == null || receiveMaximum <= 0 ? MAX
                : Math.max(1, Math.min(MAX, receiveMaximum > 8 ? receiveMaximum - 4 : receiveMaximum / 2));
    }

    /** The next round, or null when the connection is lost. */
    Round next() {
        lock.lock();
        try {
            return connectionLost ? null : new Round(sentUpTo, size - inFlight, generation);
        } finally {
            lock.unlock();
        }
    }

    /** Marks {@code seq} in flight; false when the connection changed or was lost (do not send). */
    boolean claim(long gen, long seq) {
        lock.lock();
        try {
            if (gen != generation || connectionLost) {
                return false;
            }
            inFlight++;
            sentUpTo = seq;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@code seq} could not be sent: it goes out again, in order, in the next round. */
    void unclaim(long gen, long seq) {
        lock.lock();
        try {
            if (gen == generation) {
                inFlight--;
                sentUpTo = seq - 1;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The broker acknowledged {@code seq}. @return the sequence the journal may be acknowledged up to, or -1 for a stale generation */
    long delivered(long gen, long seq) {
        lock.lock();
        try {
            if (gen != generation) {
                return -1;
            }
            inFlight--;
            completed.add(seq);
            while (!completed.isEmpty() && completed.first() <= ackedUpTo + 1) {
                ackedUpTo = Math.max(ackedUpTo, completed.pollFirst());
            }
            signalled = true;
            wake.signalAll();
            return ackedUpTo;
        } finally {
            lock.unlock();
        }
    }

    /** The connection of generation {@code gen} is gone. */
    void lost(long gen) {
        lock.lock();
        try {
            if (gen == generation) {
                connectionLost = true;
                signalled = true;
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isLost() {
        lock.lock();
        try {
            return connectionLost;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the uplink thread (new events, a birth to re-publish, stopping). */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a signal, at most {@code max}. @return false when interrupted */
    boolean await(Duration max) {
        lock.lock();
        try {
            if (!signalled) {
                wake.await(max.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps {@code d} unless {@code stopping} turns true (checked at every signal). @return false when interrupted */
    boolean pause(Duration d, BooleanSupplier stopping) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + d.toNanos();
            while (!stopping.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wake.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
