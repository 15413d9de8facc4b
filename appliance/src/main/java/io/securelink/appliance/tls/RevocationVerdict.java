package io.securelink.appliance.tls;

import io.securelink.crypto.Revocation;
import java.security.cert.X509Certificate;

/** What the revocation check said about one verified chain. */
public sealed interface RevocationVerdict {
    /** Nothing in the chain is revoked (as far as the configured sources know). */
    record Passed() implements RevocationVerdict {
    }

    /** {@code certificate}, at {@code position} in the chain (0 = leaf), is revoked. */
    record Revoked(X509Certificate certificate, int position, Revocation revocation, String source) implements RevocationVerdict {
    }

    /** A source the chain depends on cannot be trusted (stale or badly signed CRL) and the link refuses then. */
    record Unusable(String why) implements RevocationVerdict {
    }

    RevocationVerdict PASSED = new Passed();
}
