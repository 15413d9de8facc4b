package io.securelink.appliance.report;

import java.time.Instant;

/**
 * One configured CRL as status and alerts report it.
 *
 * @param nextUpdate null when the CRL names none (it then never goes stale)
 * @param state      {@code ok}; {@code expiring} (within 24 h of nextUpdate); {@code stale} (past it);
 *                   {@code bad-signature} (an anchor of the trust bundle has the issuer's name but its key
 *                   does not verify the CRL); {@code issuer-not-in-bundle} (verified against the issuer
 *                   each peer chain presents)
 */
public record CrlStatus(String file, String issuer, Instant thisUpdate, Instant nextUpdate, int entries, String state) {
}
