package io.securelink.appliance.audit;

import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.RevocationConfig;
import io.securelink.appliance.report.CrlStatus;
import io.securelink.appliance.tls.RevocationCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether each link would notice a revoked peer: a CA trust bundle with no revocation source at all, a
 * CRL that is stale or not signed by its CA (judged as the running link would judge it), and OCSP in
 * soft mode on a link that carries voice, where the trade-off between availability and a revoked
 * peer getting in during a responder outage must be a conscious one.
 */
public final class RevocationAuditCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (LinkConfig link : ctx.config().links().values()) {
            RevocationConfig r = link.tls().revocation();
            if (!link.tls().pinsOnly() && !r.checks()) {
                out.add(new Finding("revocation.none", Severity.LOW, AuditContext.linkSubject(link.name(), "tls.revocation"),
                        "the link trusts a CA bundle but checks no CRL and no OCSP: a revoked peer certificate is still accepted"
                                + " until it expires or its pin is removed",
                        "add tls.revocation with the CA's CRLs (crl: [...]) and/or ocsp: hard"));
            }
            for (CrlStatus c : RevocationCheck.of(r, link.tls().anchors()).status(ctx.now())) {
                String subject = AuditContext.linkSubject(link.name(), "tls.revocation.crl") + " " + c.file();
                if (c.state().equals("stale")) {
                    out.add(new Finding("revocation.crl-stale", Severity.HIGH, subject,
                            "the CRL of " + c.issuer() + " was due again at " + c.nextUpdate() + "; with crl-stale: "
                                    + r.crlStale().name().toLowerCase(Locale.ROOT) + " peers are "
                                    + (r.crlStale() == RevocationConfig.CrlStale.REFUSE ? "refused" : "admitted without a current CRL"),
                            "fetch the CA's current CRL (and automate it: the CA publishes one before each nextUpdate)"));
                } else if (c.state().equals("bad-signature")) {
                    out.add(new Finding("revocation.crl-unsigned", Severity.HIGH, subject,
                            "the CRL names " + c.issuer() + " but its signature does not verify with that CA's key in the trust bundle",
                            "replace it with the CRL the CA published (check: openssl crl -in FILE -CAfile BUNDLE -noout)"));
                }
            }
            if (r.ocsp() == RevocationConfig.OcspMode.SOFT && carriesVoice(link)) {
                out.add(new Finding("revocation.ocsp-soft-on-voice", Severity.INFO, AuditContext.linkSubject(link.name(), "tls.revocation.ocsp"),
                        "ocsp: soft on a voice link: while the responder is unreachable, a revoked peer is let in (with an event);"
                                + " ocsp: hard would keep calls up only as long as the responder answers",
                        "keep soft if call availability outweighs that window (and watch for ocsp-failed alerts); choose hard if not"));
            }
        }
        return out;
    }

    /** As the voice rules judge it ({@link VoiceLinkCheck}). */
    static boolean carriesVoice(LinkConfig link) {
        return VoiceLinkCheck.carriesVoice(link);
    }
}
