package io.securelink.crypto;

import java.time.Instant;
import java.util.Optional;

/**
 * A verified OCSP answer about one certificate: good, revoked (with when and why) or unknown to the
 * responder, the validity window the responder gave it, and who signed it (the CA or its delegate).
 *
 * @param nextUpdate empty when the responder gave none (the answer is then only as fresh as thisUpdate)
 */
public record OcspAnswer(Status status, Optional<Revocation> revocation, Instant thisUpdate, Optional<Instant> nextUpdate,
                         String signer, byte[] encoded) {

    public enum Status { GOOD, REVOKED, UNKNOWN }

    public OcspAnswer {
        encoded = encoded.clone();
    }

    /** The DER response as the responder sent it (for stapling). */
    @Override
    public byte[] encoded() {
        return encoded.clone();
    }
}
