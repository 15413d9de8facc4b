package io.securelink.appliance.audit;

import java.util.List;

/** One family of audit rules applied to a loaded configuration; each implementation has one concern. */
public interface AuditCheck {
    List<Finding> run(AuditContext context);
}
