package io.securelink.appliance.audit;

import java.util.List;

/** The throw-away lab PKI must never run in production: its CA key sits in the state folder. */
public final class DevPkiCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        if (!ctx.config().appliance().devPki()) {
            return List.of();
        }
        return List.of(new Finding("appliance.dev-pki", Severity.HIGH, "appliance.dev-pki",
                "dev-pki: true generates a lab CA whose key is kept in " + ctx.config().appliance().stateDir().resolve("dev-pki"),
                "issue certificates from the real PKI and remove dev-pki"));
    }
}
