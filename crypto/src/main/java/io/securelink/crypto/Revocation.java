package io.securelink.crypto;

import java.math.BigInteger;
import java.time.Instant;

/**
 * That a certificate was revoked, as a CRL or an OCSP responder said it: its serial, when, and why
 * (RFC 5280 reason name, e.g. {@code keyCompromise}).
 */
public record Revocation(BigInteger serial, Instant revokedAt, String reason) {

    /** The serial as openssl prints it: upper-case hex. */
    public String serialHex() {
        return serial.toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
