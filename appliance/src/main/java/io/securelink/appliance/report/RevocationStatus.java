package io.securelink.appliance.report;

import java.util.List;

/**
 * One link's revocation state for status and the heartbeat: its CRLs (issuer, thisUpdate, nextUpdate,
 * entries, state), its OCSP mode, how many OCSP answers are cached, the OCSP responders failing right now
 * (consecutive failures), whether it staples an OCSP response for its own certificate, and how many live
 * connections were closed because their peer's chain was revoked after they opened.
 */
public record RevocationStatus(List<CrlStatus> crls, String ocsp, int ocspAnswersCached, java.util.Map<String, Integer> ocspFailing,
                               boolean stapling, long closedForRevocation) {
    public RevocationStatus {
        crls = List.copyOf(crls);
        ocspFailing = java.util.Map.copyOf(ocspFailing);
    }
}
