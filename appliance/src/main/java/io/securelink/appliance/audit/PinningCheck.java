package io.securelink.appliance.audit;

import io.securelink.appliance.config.ClientAuth;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.config.TlsConfig;
import io.securelink.crypto.CertificateSummary;
import io.securelink.crypto.ChainException;
import io.securelink.crypto.ChainVerifier;
import io.securelink.crypto.SpkiPin;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * How each link pins its peers: no pins, a single pin (no backup for key rotation), {@code pins-only}
 * trust, and pins that can never match a chain the trust bundle accepts.
 *
 * <p>The lock-out rule: a peer is only accepted when its chain validates against the link's trust
 * bundle AND the validated path (leaf .. anchor) holds a pinned key. A pin is <em>reachable</em> when it
 * is the key of an anchor in the bundle, or of a certificate the audit can see (named files and
 * certificate files in the config folder) whose chain validates against the bundle now. A pin is
 * <em>dead</em> when every certificate the audit knows with that key fails to validate against the
 * bundle; a pin matching no known certificate (typically a peer's leaf) is <em>unknown</em> and is not
 * held against the link. When every pin of a link is dead, no peer can ever be accepted: HIGH
 * {@code pin.locks-out}; when only some are, MEDIUM {@code pin.dead}.
 */
public final class PinningCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        KnownCertificates known = KnownCertificates.gather(ctx.config().files(), ctx.config().source().getParent());
        for (LinkConfig link : ctx.config().links().values()) {
            TlsConfig t = link.tls();
            if (link.mode() == LinkMode.SERVER && t.clientAuth() == ClientAuth.NONE) {
                continue; // no peer certificate to pin; the exposure check reports client-auth.
            }
            String subject = AuditContext.linkSubject(link.name(), "tls.pins");
            if (t.pins().isEmpty()) {
                out.add(new Finding("pin.none", Severity.MEDIUM, subject,
                        "no pins: any certificate the trust bundle validates" + (t.peers().isEmpty() ? "" : " and whose identity matches peers")
                                + " is accepted",
                        "pin the peer's key or issuing CA (securelink pin ...) and a backup pin"));
                continue;
            }
            if (t.pins().pins().size() == 1) {
                out.add(new Finding("pin.no-backup", Severity.MEDIUM, subject,
                        "one pin only (" + t.pins().pins().iterator().next() + "): a key rotation or compromise locks peers out",
                        "add a backup pin for the next key (kept offline) or pin the issuing CA as well"));
            }
            if (t.pinsOnly()) {
                out.add(new Finding("pin.pins-only", Severity.MEDIUM, AuditContext.linkSubject(link.name(), "tls.trust"),
                        "trust: pins-only: no CA validates the peer, only its pinned key; a stolen pinned key cannot be revoked by a CA",
                        "use a trust bundle with the issuing CA, and keep the pins"));
                continue;
            }
            reachability(link.name(), t, known, ctx, out);
        }
        return out;
    }

    private static void reachability(String link, TlsConfig t, KnownCertificates known, AuditContext ctx, List<Finding> out) {
        List<String> dead = new ArrayList<>();
        int reachable = 0;
        int unknown = 0;
        for (SpkiPin pin : t.pins().pins()) {
            if (t.anchors().stream().anyMatch(a -> SpkiPin.of(a).equals(pin))) {
                reachable++;
                continue;
            }
            List<X509Certificate> certs = known.withPin(pin);
            if (certs.isEmpty()) {
                unknown++;
                continue;
            }
            String why = null;
            for (X509Certificate c : certs) {
                try {
                    ChainVerifier.verify(known.chainOf(c), t.anchors(), ctx.now());
                    why = null;
                    break;
                } catch (ChainException e) {
                    why = pin + " is the key of " + CertificateSummary.of(c).subject() + ", which the trust bundle rejects: " + e.getMessage();
                }
            }
            if (why == null) {
                reachable++;
            } else {
                dead.add(why);
            }
        }
        String subject = AuditContext.linkSubject(link, "tls.pins");
        if (!dead.isEmpty() && reachable == 0 && unknown == 0) {
            out.add(new Finding("pin.locks-out", Severity.HIGH, subject,
                    "no pin can match a chain the trust bundle accepts, so every peer is refused: " + String.join("; ", dead),
                    "pin the key of the peer or of a CA in the trust bundle (or fix the trust bundle)"));
        } else if (!dead.isEmpty()) {
            out.add(new Finding("pin.dead", Severity.MEDIUM, subject,
                    "pin(s) that can never match: " + String.join("; ", dead),
                    "remove or correct the dead pin(s); they give a false sense of a backup"));
        }
    }
}
