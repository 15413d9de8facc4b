package io.securelink.crypto;

/**
 * Base of every checked error raised by the crypto module, so callers can report key material,
 * pin, identity and chain problems uniformly. Messages are written for the operator: they name the
 * file, certificate or entry concerned and what was found, and never contain private key material.
 */
public class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
