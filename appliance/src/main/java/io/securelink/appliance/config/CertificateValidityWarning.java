package io.securelink.appliance.config;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A link's own certificate that peers will refuse today: expired, or not valid yet (a wrong clock here or
 * at the issuer). A warning, not a problem: the config is well-formed, a renewed file is picked up by a
 * reload, and refusing it would turn a reload after the expiry into a refused one. {@code audit} reports
 * the same as {@code tls.certificate-expired} / {@code tls.certificate-not-yet-valid}.
 */
final class CertificateValidityWarning {
    private CertificateValidityWarning() {
    }

    /** What to say about {@code leaf} (read from {@code file}) at {@code now}, if peers would refuse it. */
    static Optional<String> of(Path file, X509Certificate leaf, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        String who = "the certificate " + leaf.getSubjectX500Principal().getName() + " in " + file;
        if (now.isAfter(notAfter)) {
            return Optional.of(who + " expired at " + notAfter + " (" + ago(Duration.between(notAfter, now))
                    + "): every peer will refuse it; install a renewed certificate and reload");
        }
        if (now.isBefore(notBefore)) {
            return Optional.of(who + " is not valid before " + notBefore + ": peers will refuse it until then; check this "
                    + "machine's clock (and the issuer's), or re-issue it");
        }
        return Optional.empty();
    }

    /** "3 days ago", "1 day ago", "less than a day ago". */
    static String ago(Duration d) {
        long days = d.toDays();
        return days == 0 ? "less than a day ago" : days + (days == 1 ? " day" : " days") + " ago";
    }
}
