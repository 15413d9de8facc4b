package io.securelink.appliance.status;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An interval in which the MQTT event journal could not write (a full or failing disk under the state
 * folder): since when, the error that started it, and exactly how many events it turned away (they are
 * also counted in the journal's {@code dropped}, which every heartbeat and event carries). Said once when it
 * begins and once when the journal writes again, instead of one log line per lost event. Confined to the
 * journal writer thread; {@link #describe} is read by status and heartbeats (fields are volatile).
 */
final class JournalOutage {
    private final Path dir;
    private final Instant since;
    private final String error;
    private volatile long lost;

    JournalOutage(Path dir, Instant since, String error) {
        this.dir = dir;
        this.since = since;
        this.error = error;
    }

    void lost(long events) {
        lost += events;
    }

    long lost() {
        return lost;
    }

    Instant since() {
        return since;
    }

    String error() {
        return error;
    }

    /** What an operator reads in status and the heartbeat while the journal cannot write. */
    String describe() {
        return "degraded: " + lost + " event(s) not journalled (so never published) since " + since + " (" + error
                + "); free space on the file system of " + dir + " (df " + dir + "); retried with every new event";
    }
}
