package io.securelink.appliance.runtime;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks on the way from exec to serving, for measuring the start: with the logger {@code securelink.start}
 * at DEBUG ({@code -Dsecurelink.log.start=DEBUG}) each mark logs the wall-clock milliseconds since the JVM
 * started and the CPU milliseconds the process has used so far. Off (the default) a mark costs one level check:
 * the management beans it reads are only loaded when it logs.
 */
public final class StartTimeline {
    private static final Logger LOG = LoggerFactory.getLogger("securelink.start");

    private StartTimeline() {
    }

    public static void mark(String what) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        long wall = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime() / 1_000_000;
        }
        LOG.debug("start: {} ms after JVM start (CPU {} ms): {}", wall, cpu, what);
    }
}
