package io.securelink.appliance.audit;

import java.util.Objects;

/**
 * One thing the audit found. {@code id} is stable across releases (pipelines match on it, e.g.
 * {@code tls.rsa-key-too-small}); {@code subject} says where: {@code link edge-in: tls.certificate},
 * a file path, or a probed address; {@code evidence} is what was seen and {@code fix} what to do.
 */
public record Finding(String id, Severity severity, String subject, String evidence, String fix) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(fix, "fix");
    }
}
