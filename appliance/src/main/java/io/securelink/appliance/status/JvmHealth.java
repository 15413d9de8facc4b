package io.securelink.appliance.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Health of the daemon's own process, reported with every heartbeat: heap in use and its limit, live
 * threads, and open file descriptors (from {@code /proc/self/fd}; -1 where there is no /proc).
 */
public record JvmHealth(long heapUsedBytes, long heapMaxBytes, int threads, long openFiles, long maxOpenFiles, long uptimeMillis) {

    public static JvmHealth now() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        return new JvmHealth(heap.getUsed(), heap.getMax(), threads, countOpenFiles(), openFilesLimit(), uptime);
    }

    static long countOpenFiles() {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fd)) {
            return s.count();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
