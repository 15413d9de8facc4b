package io.securelink.appliance.audit;

import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.TlsConfig;
import io.securelink.appliance.tls.LinkTls;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Each link's TLS profile: the protocol versions it allows, the suites the appliance offers
 * ({@link LinkTls#CIPHERS}), the key, signatures, validity and order of the chain it presents, and the
 * keys, signatures and validity of its trust anchors.
 */
public final class TlsProfileCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (LinkConfig link : ctx.config().links().values()) {
            TlsConfig t = link.tls();
            out.addAll(ProtocolRules.versions(AuditContext.linkSubject(link.name(), "tls.versions"), t.versions()));
            out.addAll(ProtocolRules.suites(AuditContext.linkSubject(link.name(), "tls (suites)"), LinkTls.CIPHERS));
            out.addAll(CertificateRules.chain(AuditContext.linkSubject(link.name(), "tls.certificate " + t.certificate()),
                    t.credentials().chain(), t.anchors(), ctx.now()));
            for (int i = 0; i < t.anchors().size(); i++) {
                X509Certificate a = t.anchors().get(i);
                String where = AuditContext.linkSubject(link.name(), "tls.trust " + t.trust().map(Object::toString).orElse("")
                        + " [" + i + "] " + io.securelink.crypto.CertificateSummary.of(a).subject());
                CertificateRules.key(where, a, out);
                CertificateRules.signature(where, a, out);
                CertificateRules.validity(where, a, false, ctx.now(), out);
            }
        }
        return out;
    }
}
