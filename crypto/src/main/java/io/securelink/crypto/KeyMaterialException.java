package io.securelink.crypto;

/**
 * A key, certificate, CSR or keystore file cannot be used; the message names the file and the
 * reason (missing, unreadable, wrong format, wrong or missing passphrase, key/certificate mismatch).
 */
public final class KeyMaterialException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
