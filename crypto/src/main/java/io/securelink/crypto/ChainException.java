package io.securelink.crypto;

import java.util.Objects;

/**
 * A certificate chain failed PKIX validation. {@link #reason()} lets callers react to the class of
 * failure (for example warn about expiry); the message names the offending certificate and why.
 */
public final class ChainException extends CryptoException {
    private static final long serialVersionUID = 1L;

    /** Why validation failed. */
    public enum Reason {
        EXPIRED, NOT_YET_VALID, UNKNOWN_ISSUER, BAD_SIGNATURE, OTHER
    }

    private final Reason reason;

    public ChainException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ChainException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
