package io.securelink.appliance.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Protocol version and cipher suite rules after the UK NCSC TLS guidance and Mozilla's "modern"
 * profile: TLS 1.3 first, TLS 1.2 only with ECDHE and AEAD suites, nothing older. Suites are IANA names.
 */
public final class ProtocolRules {
    private ProtocolRules() {
    }

    /** @param versions accepted protocol names, e.g. TLSv1.3, TLSv1.2, TLSv1.1, TLSv1, SSLv3 */
    public static List<Finding> versions(String subject, Collection<String> versions) {
        List<Finding> out = new ArrayList<>();
        for (String v : versions) {
            if (v.equals("SSLv3") || v.equals("TLSv1") || v.equals("TLSv1.0") || v.equals("TLSv1.1")) {
                out.add(new Finding("tls.protocol-obsolete", Severity.HIGH, subject, v + " is accepted",
                        "accept TLSv1.3 and TLSv1.2 only"));
            }
        }
        if (!versions.contains("TLSv1.3")) {
            out.add(new Finding("tls.no-tls13", Severity.MEDIUM, subject, "TLSv1.3 is not accepted (accepted: " + versions + ")",
                    "enable TLSv1.3"));
        } else if (versions.contains("TLSv1.2")) {
            out.add(new Finding("tls.tls12-enabled", Severity.INFO, subject,
                    "TLSv1.2 is accepted besides TLSv1.3 (NCSC accepts it with ECDHE+AEAD; Mozilla modern is TLS 1.3 only)",
                    "when every peer speaks TLS 1.3, set versions: [TLSv1.3]"));
        }
        return out;
    }

    public static List<Finding> suites(String subject, Collection<String> suites) {
        List<Finding> out = new ArrayList<>();
        for (String s : suites) {
            Finding f = suite(subject, s);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    static Finding suite(String subject, String suite) {
        String s = suite.toUpperCase(Locale.ROOT);
        if (s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")) {
            return s.contains("CCM_8") ? new Finding("tls.suite-short-tag", Severity.LOW, subject, suite + " (8-byte tag) is accepted",
                    "drop the CCM_8 suites") : null;
        }
        if (s.contains("NULL") || s.contains("EXPORT") || s.contains("RC4") || s.contains("_DES_") || s.contains("3DES")
                || s.contains("DES40") || s.contains("ANON") || s.contains("MD5") || s.contains("IDEA")) {
            return new Finding("tls.suite-broken", Severity.HIGH, subject, suite + " is accepted",
                    "accept only TLS 1.3 suites and ECDHE with AES-GCM or ChaCha20-Poly1305");
        }
        boolean ecdhe = s.startsWith("TLS_ECDHE_");
        boolean dhe = s.startsWith("TLS_DHE_");
        if (!ecdhe && !dhe) {
            return new Finding("tls.suite-no-forward-secrecy", Severity.HIGH, subject, suite + " is accepted (no ephemeral key exchange)",
                    "accept only ECDHE suites (and TLS 1.3)");
        }
        boolean aead = s.contains("_GCM_") || s.contains("CHACHA20_POLY1305") || s.contains("_CCM");
        if (!aead) {
            return new Finding("tls.suite-not-aead", Severity.MEDIUM, subject, suite + " is accepted (CBC mode, MAC-then-encrypt)",
                    "accept only AES-GCM or ChaCha20-Poly1305 suites");
        }
        if (dhe) {
            return new Finding("tls.suite-finite-field-dhe", Severity.LOW, subject, suite + " is accepted (finite-field DHE)",
                    "prefer ECDHE; Mozilla modern drops DHE");
        }
        return null;
    }
}
