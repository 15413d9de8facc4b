package io.securelink.crypto;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The facts about a certificate that operators need in log lines and error messages. */
public record CertificateSummary(String subject, String issuer, String serialHex, Instant notBefore, Instant notAfter, SpkiPin pin) {
    private static final long SECONDS_PER_DAY = 86_400;

    public static CertificateSummary of(X509Certificate c) {
        return new CertificateSummary(
                DistinguishedNames.display(c.getSubjectX500Principal()),
                DistinguishedNames.display(c.getIssuerX500Principal()),
                c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                SpkiPin.of(c));
    }

    /** Whole days from {@code now} until expiry, rounded down; negative once expired. */
    public long daysLeft(Instant now) {
        return Math.floorDiv(Duration.between(now, notAfter).getSeconds(), SECONDS_PER_DAY);
    }

    @Override
    public String toString() {
        return "subject=" + subject + " issuer=" + issuer + " pin=" + pin + " notAfter=" + notAfter;
    }
}
