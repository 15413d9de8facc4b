package io.securelink.appliance.audit;

import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.tls.TlsEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Post-quantum key exchange ("harvest now, decrypt later"): links that would not offer a post-quantum
 * group, because {@code tls.groups} lists none or because the TLS provider this audit runs with cannot
 * negotiate one; and links between two securelink appliances (both ends in this config: a client link
 * whose {@code connect} is a server link's {@code listen}) that do not require it, although both ends
 * could.
 */
public final class PostQuantumCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        Collection<LinkConfig> links = ctx.config().links().values();
        // choice(), not kind(): the audit reports the provider in its findings; kind() would also log it on stderr.
        TlsEngine.Kind kind = TlsEngine.choice();
        for (LinkConfig link : links) {
            var t = link.tls();
            if (!t.offersPostQuantum()) {
                out.add(new Finding("tls.no-post-quantum", Severity.MEDIUM, AuditContext.linkSubject(link.name(), "tls.groups"),
                        "offers only classical key exchange " + t.groups() + ": traffic recorded today can be decrypted once a quantum computer exists",
                        "put X25519MLKEM768 first in tls.groups (or remove tls.groups for the default " + KeyExchangeGroup.DEFAULT + ")"));
            } else if (!kind.postQuantum()) {
                out.add(new Finding("tls.no-post-quantum", Severity.MEDIUM, AuditContext.linkSubject(link.name(), "tls.groups"),
                        "the TLS provider " + kind.wireName() + " cannot negotiate " + t.groups().get(0) + ", so the link runs classical only",
                        "run with BoringSSL (netty-tcnative, the default) or securelink.tls.provider=bc"));
            }
            if (!t.requirePostQuantum() && t.offersPostQuantum() && betweenAppliances(link, links)) {
                out.add(new Finding("tls.post-quantum-not-required", Severity.INFO, AuditContext.linkSubject(link.name(), "tls.require-post-quantum"),
                        "both ends of this link are securelink appliances and can negotiate X25519MLKEM768, but a classical session is still accepted",
                        "set tls.require-post-quantum: true on both ends"));
            }
        }
        return out;
    }

    private static boolean betweenAppliances(LinkConfig link, Collection<LinkConfig> links) {
        if (link.mode() == LinkMode.CLIENT) {
            return links.stream().anyMatch(o -> o.mode() == LinkMode.SERVER && link.connect().stream().anyMatch(c -> same(c, o.listen())));
        }
        return links.stream().anyMatch(o -> o.mode() == LinkMode.CLIENT && o.connect().stream().anyMatch(c -> same(c, link.listen())));
    }

    private static boolean same(HostPort connect, HostPort listen) {
        if (connect.port() != listen.port()) {
            return false;
        }
        String l = listen.host();
        return l.equals(connect.host()) || l.equals("0.0.0.0") || l.equals("::") || l.equals("[::]");
    }
}
