package io.securelink.appliance.auditlog;

import java.time.Duration;

/**
 * How the audit log behaves. Defaults come from system properties so the jsvc/systemd unit can tune
 * them without a config schema change: {@code securelink.audit.checkpoint-every} (records between
 * signed checkpoints, default 100), {@code securelink.audit.max-file-bytes} (rotation size, default
 * 16 MiB), {@code securelink.audit.summary-seconds} (how often denial counts are written, default 60),
 * {@code securelink.audit.alerts-per-minute} (pin/identity/chain failures written one by one per type
 * and link before they are only counted, default 30).
 */
public record AuditLogSettings(int checkpointEvery, long maxFileBytes, Duration summaryInterval, int alertsPerMinute, int queueCapacity) {
    public AuditLogSettings {
        if (checkpointEvery < 1 || maxFileBytes < 4096 || summaryInterval.isNegative() || summaryInterval.isZero()
                || alertsPerMinute < 0 || queueCapacity < 16) {
            throw new IllegalArgumentException("invalid audit log settings: " + checkpointEvery + ", " + maxFileBytes + ", "
                    + summaryInterval + ", " + alertsPerMinute + ", " + queueCapacity);
        }
    }

    /**
     * The settings the system properties give; a property that is not a whole number in its range is an
     * {@link IllegalArgumentException} naming the property, its value and the range (never silently the default).
     */
    public static AuditLogSettings fromSystemProperties() {
        return new AuditLogSettings(
                (int) property("securelink.audit.checkpoint-every", 100, 1, "records between signed checkpoints"),
                property("securelink.audit.max-file-bytes", 16L << 20, 4096, "bytes of a log file before it is rotated"),
                Duration.ofSeconds(property("securelink.audit.summary-seconds", 60, 1, "seconds between denial summaries")),
                (int) property("securelink.audit.alerts-per-minute", 30, 0, "records per minute, type and link before they are only counted"),
                8192);
    }

    private static long property(String name, long fallback, long min, String what) {
        String v = System.getProperty(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > Integer.MAX_VALUE && !name.endsWith("bytes")) {
            throw new IllegalArgumentException("-D" + name + "=" + v + " is not usable: it is the " + what + ", a whole number of at "
                    + "least " + min + " (default " + fallback + "); fix or remove it in SECURELINK_JAVA_OPTS or the unit");
        }
        return n;
    }

    public AuditLogSettings withCheckpointEvery(int n) {
        return new AuditLogSettings(n, maxFileBytes, summaryInterval, alertsPerMinute, queueCapacity);
    }

    public AuditLogSettings withMaxFileBytes(long n) {
        return new AuditLogSettings(checkpointEvery, n, summaryInterval, alertsPerMinute, queueCapacity);
    }

    public AuditLogSettings withSummaryInterval(Duration d) {
        return new AuditLogSettings(checkpointEvery, maxFileBytes, d, alertsPerMinute, queueCapacity);
    }
}
