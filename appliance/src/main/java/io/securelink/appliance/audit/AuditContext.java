package io.securelink.appliance.audit;

import io.securelink.appliance.config.ApplianceConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * What every check sees: the loaded config (key material included), the clock the verdict is for, and
 * the account the service runs as (key files must belong to it).
 */
public record AuditContext(ApplianceConfig config, Instant now, String serviceUser) {
    public static final String DEFAULT_SERVICE_USER = "securelink";

    public AuditContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(serviceUser, "serviceUser");
    }

    static String linkSubject(String link, String field) {
        return "link " + link + ": " + field;
    }
}
