package io.securelink.appliance.link;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Running out of file descriptors, recognised in a failure from the transport: {@code EMFILE} (this process's
 * limit, {@code LimitNOFILE} / {@code ulimit -n}) or {@code ENFILE} (the whole system's, {@code fs.file-max}).
 * Such a failure is the appliance's own, not the peer's or the upstream's: it must not be reported as an
 * unreachable upstream or count against an endpoint, and the operator needs the limit to raise.
 */
enum DescriptorLimit {
    /** EMFILE: this process holds as many descriptors as its soft RLIMIT_NOFILE allows. */
    PROCESS("fd-limit", 24),
    /** ENFILE: the system-wide table is full. */
    SYSTEM("system-fd-limit", 23);

    /**
     * Taken once, when the first listener is made: loading the management library needs a descriptor, which is
     * exactly what is missing when this is asked (a failed load there left the accept loop spinning).
     */
    private static final java.lang.management.OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    private final String reason;
    private final int errno;

    DescriptorLimit(String reason, int errno) {
        this.reason = reason;
        this.errno = errno;
    }

    /** The counter and event name of this limit: {@code fd-limit} or {@code system-fd-limit}. */
    String reason() {
        return reason;
    }

    /** The limit {@code cause} (or one of its causes) says was hit, if any. */
    static Optional<DescriptorLimit> hitBy(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof io.netty.channel.unix.Errors.NativeIoException n) {
                for (DescriptorLimit l : values()) {
                    if (n.expectedErr() == -l.errno) {
                        return Optional.of(l);
                    }
                }
            }
            String m = t.getMessage();
            if (m != null && m.contains("Too many open files")) {
                // The JDK's wording of EMFILE, and of ENFILE with "in system" after it.
                return Optional.of(m.contains("in system") ? SYSTEM : PROCESS);
            }
        }
        return Optional.empty();
    }

    /** What was hit and what to do, e.g. {@code the process's open-file limit (256) is reached: ...}. */
    String explain() {
        if (this == SYSTEM) {
            return "the system's open-file table is full (ENFILE; see /proc/sys/fs/file-nr): raise fs.file-max or find the process holding them";
        }
        return "the process's open-file limit" + softLimit().map(n -> " (" + n + ")").orElse("")
                + " is reached (EMFILE): raise LimitNOFILE in the unit (ulimit -n), or lower the links' max-connections";
    }

    /** The soft RLIMIT_NOFILE now (a getrlimit call: no file is opened), where the JVM exposes it. */
    private static Optional<Long> softLimit() {
        if (OS instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return Optional.of(u.getMaxFileDescriptorCount());
        }
        return Optional.empty();
    }

    /** Loads this class and what it needs while descriptors are still to be had (see {@link #OS}). */
    static void prepare() {
        PROCESS.explain();
    }
}
