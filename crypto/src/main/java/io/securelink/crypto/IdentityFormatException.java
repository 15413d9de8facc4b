package io.securelink.crypto;

/** A peer identity entry such as {@code dns:*.carrier.example} is malformed; the message quotes the entry. */
public final class IdentityFormatException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public IdentityFormatException(String message) {
        super(message);
    }
}
