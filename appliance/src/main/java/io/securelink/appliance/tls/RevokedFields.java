package io.securelink.appliance.tls;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a revoked certificate is named in refusals and in the event that closes a live connection. */
public final class RevokedFields {
    private RevokedFields() {
    }

    /** e.g. {@code certificate [0] serial 1003 (CN=gw1) revoked at 2026-11-26T10:00:00Z, reason keyCompromise (CRL tls/ca.crl)}. */
    public static String describe(RevocationVerdict.Revoked r) {
        return "certificate [" + r.position() + "] serial " + r.revocation().serialHex() + " ("
                + r.certificate().getSubjectX500Principal().getName() + ") revoked at " + r.revocation().revokedAt()
                + ", reason " + r.revocation().reason() + " (" + r.source() + ")";
    }

    public static Map<String, String> of(RevocationVerdict.Revoked r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("serial", r.revocation().serialHex());
        f.put("revoked-subject", r.certificate().getSubjectX500Principal().getName());
        f.put("chain-position", Integer.toString(r.position()));
        f.put("revoked-at", r.revocation().revokedAt().toString());
        f.put("revocation-reason", r.revocation().reason());
        f.put("source", r.source());
        return f;
    }
}
