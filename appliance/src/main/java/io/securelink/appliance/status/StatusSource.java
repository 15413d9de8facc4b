package io.securelink.appliance.status;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.report.ApplianceStatus;
import java.time.Instant;

/**
 * What the reporter reads from the running appliance: its current config snapshot and status report.
 * Read-only by construction, which is what keeps remote commands from changing anything.
 */
public interface StatusSource {
    ApplianceConfig config();

    ApplianceStatus status();

    Instant startedAt();

    /**
     * The audit log's state for the heartbeat: {@code ok}, or {@code degraded: N record(s) unwritten since T (error)}
     * while it cannot write.
     */
    default String auditLog() {
        return "ok";
    }
}
