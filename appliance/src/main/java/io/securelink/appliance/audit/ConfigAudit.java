package io.securelink.appliance.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every config check and returns the findings most severe first (then by id and subject). */
public final class ConfigAudit {
    private static final List<AuditCheck> CHECKS = List.of(
            new TlsProfileCheck(), new PostQuantumCheck(), new PinningCheck(), new ExposureCheck(), new StatusChannelCheck(), new FileCheck(),
            new DevPkiCheck(), new VoiceLinkCheck());

    private ConfigAudit() {
    }

    public static List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (AuditCheck c : CHECKS) {
            out.addAll(c.run(ctx));
        }
        return sorted(out);
    }

    static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparing(Finding::severity).thenComparing(Finding::id)
                .thenComparing(Finding::subject)).toList();
    }
}
