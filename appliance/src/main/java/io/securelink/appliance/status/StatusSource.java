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
}
