package io.securelink.appliance.config;

import java.nio.file.Path;

/**
 * The check-config warning for a {@code pin-certificates} file that holds a CA certificate: every
 * certificate in such a file is pinned, so the CA's key is pinned too and any certificate that CA issues
 * (with an accepted name) passes the pin check, which is rarely what "pin this peer" meant. The audit
 * turns the same warning into a finding.
 */
public final class CaPinWarning {
    private static final String PREFIX = "pins a CA certificate: ";

    private CaPinWarning() {
    }

    /** The warning for a CA named {@code subject} (RFC 2253), e.g. one the dev PKI will generate. */
    static String message(Path file, String subject) {
        return PREFIX + file.getFileName() + " holds " + subject
                + " (a CA), so every certificate it issues passes this pin; list only the peer's own (leaf) certificate,"
                + " or write the CA's pin under pins: if that is what you mean";
    }

    /** True when {@code p} is this warning. */
    public static boolean is(ConfigProblem p) {
        return p.message().startsWith(PREFIX);
    }
}
