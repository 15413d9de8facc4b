package io.securelink.appliance.audit;

import io.securelink.appliance.config.CaPinWarning;
import io.securelink.appliance.config.ConfigProblem;
import java.util.List;

/**
 * {@code pin.ca-from-pin-certificates} (medium): a {@code pin-certificates} file holds a CA certificate,
 * so that CA's key is pinned and any certificate it issues passes the pin (from the loader's warning).
 */
public final class CaPinFindings {
    private CaPinFindings() {
    }

    public static List<Finding> from(List<ConfigProblem> warnings) {
        return warnings.stream().filter(CaPinWarning::is)
                .map(w -> new Finding("pin.ca-from-pin-certificates", Severity.MEDIUM, w.field(), w.message(),
                        "list only the peer's own (leaf) certificate under pin-certificates, or write the CA's pin under pins: on purpose"))
                .toList();
    }
}
