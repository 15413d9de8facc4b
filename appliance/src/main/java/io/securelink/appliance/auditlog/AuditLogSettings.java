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

    public static AuditLogSettings fromSystemProperties() {
        return new AuditLogSettings(
                Integer.getInteger("securelink.audit.checkpoint-every", 100),
                Long.getLong("securelink.audit.max-file-bytes", 16L << 20),
                Duration.ofSeconds(Long.getLong("securelink.audit.summary-seconds", 60)),
                Integer.getInteger("securelink.audit.alerts-per-minute", 30),
                8192);
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
