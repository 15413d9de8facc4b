package io.securelink.appliance.runtime;

import io.securelink.appliance.tls.CrlStatus;
import java.util.List;

/**
 * One link's revocation state for status and the heartbeat: its CRLs (issuer, thisUpdate, nextUpdate,
 * entries, state), how many OCSP answers are cached, and how many live connections were closed because
 * their peer's chain was revoked after they opened.
 */
public record RevocationStatus(List<CrlStatus> crls, int ocspAnswersCached, long closedForRevocation) {
    public RevocationStatus {
        crls = List.copyOf(crls);
    }
}
