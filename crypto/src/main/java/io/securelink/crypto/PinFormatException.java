package io.securelink.crypto;

/** A textual SPKI pin is malformed; the message quotes the pin and says what is wrong with it. */
public final class PinFormatException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public PinFormatException(String message) {
        super(message);
    }
}
