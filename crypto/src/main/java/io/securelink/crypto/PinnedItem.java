package io.securelink.crypto;

import java.time.Instant;
import java.util.Objects;

/**
 * One pinnable key found in a file, with what is known about it: {@code kind} is "certificate",
 * "public key", "csr" or "private key"; subject, issuer and notAfter are null where the kind has none.
 */
public record PinnedItem(String kind, String subject, String issuer, Instant notAfter, SpkiPin pin) {
    public static final String CERTIFICATE = "certificate";
    public static final String PUBLIC_KEY = "public key";
    public static final String CSR = "csr";
    public static final String PRIVATE_KEY = "private key";

    public PinnedItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pin, "pin");
    }
}
