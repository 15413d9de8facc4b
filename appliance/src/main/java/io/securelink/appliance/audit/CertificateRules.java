package io.securelink.appliance.audit;

import io.securelink.crypto.CertificateSummary;
import io.securelink.crypto.Certificates;
import io.securelink.crypto.KeyStrength;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The certificate rules shared by the config audit and the live probe: key type and size, signature
 * algorithms anywhere in a chain, validity (lifetime, expiry) and chain order/completeness.
 */
public final class CertificateRules {
    /** Leaves valid longer than this are flagged (the CA/Browser Forum ceiling; Mozilla recommends 90 days). */
    static final Duration MAX_LEAF_LIFETIME = Duration.ofDays(398);
    /** Certificates expiring sooner than this are flagged. */
    static final long EXPIRY_WARNING_DAYS = 30;

    private CertificateRules() {
    }

    /**
     * @param chain   as presented, leaf first
     * @param anchors trust anchors a peer would use to complete the chain (may be empty when unknown)
     */
    public static List<Finding> chain(String subject, List<X509Certificate> chain, Collection<X509Certificate> anchors, Instant now) {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String where = subject + " [" + i + "] " + CertificateSummary.of(c).subject();
            key(where, c, out);
            signature(where, c, out);
            validity(where, c, i == 0, now, out);
        }
        order(subject, chain, anchors, out);
        return out;
    }

    /** Key rules for one certificate (also used for the trust anchors of a bundle). */
    static void key(String where, X509Certificate c, List<Finding> out) {
        KeyStrength k = KeyStrength.of(c.getPublicKey());
        switch (k.family()) {
            case "RSA" -> {
                if (k.bits() < 2048) {
                    out.add(new Finding("tls.rsa-key-too-small", Severity.HIGH, where,
                            "RSA key of " + k.bits() + " bits", "issue a new key of at least 2048 bits (3072 for long-lived CAs), or use EC P-256"));
                }
            }
            case "EC" -> {
                if (!k.recommendedCurve()) {
                    out.add(new Finding("tls.ec-curve-not-recommended", k.bits() < 256 ? Severity.HIGH : Severity.MEDIUM, where,
                            "EC key on curve " + k.curve(), "use P-256 or P-384 (or Ed25519)"));
                }
            }
            case "Ed25519", "X25519" -> {
                // Recommended.
            }
            default -> out.add(new Finding("tls.key-type-not-recommended", Severity.MEDIUM, where,
                    "key type " + k, "use EC P-256/P-384, Ed25519 or RSA >= 2048"));
        }
    }

    static void signature(String where, X509Certificate c, List<Finding> out) {
        String alg = c.getSigAlgName().toUpperCase(Locale.ROOT);
        boolean weak = alg.contains("SHA1") || alg.contains("SHA-1") || alg.contains("MD5") || alg.contains("MD2");
        if (!weak) {
            return;
        }
        boolean selfSigned = Certificates.selfSigned(c);
        out.add(new Finding("tls.weak-signature", selfSigned ? Severity.LOW : Severity.HIGH, where,
                "signed with " + c.getSigAlgName() + (selfSigned ? " (self-signed anchor: its own signature is not relied on)" : ""),
                "re-issue with SHA-256 or better (ECDSA with SHA-256/384, or Ed25519)"));
    }

    /** Whole days since, as a person says it: daysLeft rounds down, so one second past the expiry is already -1. */
    private static String ago(Duration since) {
        long d = since.toDays();
        return d == 0 ? "less than a day ago" : d + (d == 1 ? " day" : " days") + " ago";
    }

    static void validity(String where, X509Certificate c, boolean leaf, Instant now, List<Finding> out) {
        CertificateSummary s = CertificateSummary.of(c);
        if (now.isBefore(s.notBefore())) {
            out.add(new Finding("tls.certificate-not-yet-valid", Severity.HIGH, where,
                    "not valid before " + s.notBefore(), "check the clock of the issuer and of this appliance; re-issue if wrong"));
        }
        long days = s.daysLeft(now);
        if (days < 0) {
            out.add(new Finding("tls.certificate-expired", Severity.HIGH, where,
                    "expired at " + s.notAfter() + " (" + ago(Duration.between(s.notAfter(), now)) + ")", "renew it now"));
        } else if (days < EXPIRY_WARNING_DAYS) {
            out.add(new Finding("tls.certificate-expiring", Severity.MEDIUM, where,
                    "expires at " + s.notAfter() + " (" + (days == 0 ? "less than a day" : days + (days == 1 ? " day" : " days"))
                            + " left)", "renew it before it expires"));
        }
        Duration lifetime = Duration.between(s.notBefore(), s.notAfter());
        if (leaf && lifetime.compareTo(MAX_LEAF_LIFETIME) > 0) {
            out.add(new Finding("tls.leaf-lifetime-too-long", Severity.LOW, where,
                    "valid for " + lifetime.toDays() + " days (" + s.notBefore() + " to " + s.notAfter() + ")",
                    "issue leaves valid for at most " + MAX_LEAF_LIFETIME.toDays() + " days and automate renewal"));
        }
    }

    static void order(String subject, List<X509Certificate> chain, Collection<X509Certificate> anchors, List<Finding> out) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (!Certificates.signedBy(c, next)) {
                boolean issuerLater = chain.subList(i + 1, chain.size()).stream().anyMatch(x -> Certificates.signedBy(c, x));
                out.add(new Finding("tls.chain-misordered", Severity.HIGH, subject,
                        "certificate [" + i + "] " + name(c) + " is followed by [" + (i + 1) + "] " + name(next)
                                + ", which did not issue it" + (issuerLater ? " (its issuer comes later in the chain)" : ""),
                        "write the chain leaf first, then each issuer in order"));
                return;
            }
        }
        X509Certificate top = chain.get(chain.size() - 1);
        if (Certificates.selfSigned(top)) {
            return;
        }
        boolean anchored = anchors.stream().anyMatch(a -> Certificates.signedBy(top, a));
        if (!anchored) {
            out.add(new Finding("tls.chain-incomplete", Severity.MEDIUM, subject,
                    "the chain ends with " + name(top) + ", issued by " + top.getIssuerX500Principal().getName()
                            + ", which is neither in the chain nor a known trust anchor",
                    "append the intermediate CA certificate(s) to the certificate file"));
        }
    }

    private static String name(X509Certificate c) {
        return CertificateSummary.of(c).subject();
    }
}
