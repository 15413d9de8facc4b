package io.securelink.appliance.daemon;

import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.LinkStatus;

/** The human form of a status report, as {@code securelink status} prints it. */
final class StatusText {
    private StatusText() {
    }

    static String render(ApplianceStatus s) {
        StringBuilder sb = new StringBuilder();
        sb.append("appliance ").append(s.applianceId()).append(" site ").append(s.site())
          .append(" up since ").append(s.startedAt()).append('\n')
          .append("config digest ").append(s.configDigest()).append('\n')
          .append("tls ").append(s.tlsProvider()).append('\n')
          .append("transport ").append(s.transport()).append('\n');
        s.ha().ifPresent(h -> {
            sb.append("ha role ").append(h.role()).append(" since ").append(h.roleSince())
              .append(" changes ").append(h.roleChanges()).append(h.healthy() ? " healthy" : " UNHEALTHY").append('\n');
            h.problems().forEach(p -> sb.append("  ha-problem ").append(p).append('\n'));
        });
        for (LinkStatus l : s.links()) {
            sb.append("link ").append(l.name()).append(' ').append(l.mode())
              .append(" listen ").append(l.listen()).append(l.accepting() ? " accepting" : " NOT accepting")
              .append(" live ").append(l.liveConnections()).append(" total ").append(l.totalConnections())
              .append(" bytes-in ").append(l.bytesFromRemote()).append(" bytes-out ").append(l.bytesToRemote())
              .append(" cert-days-left ").append(l.ownCertificateDaysLeft());
            if (!l.activeUpstream().isEmpty()) {
                sb.append(" upstream ").append(l.activeUpstream());
            }
            sb.append('\n');
            var kx = l.keyExchange();
            sb.append("  post-quantum ").append(kx.protection().equals("none")
                    ? "NONE: this link has no post-quantum protection" : kx.protection())
              .append(" groups-offered ").append(kx.offered())
              .append(" live-pq ").append(kx.livePostQuantum()).append(" of ").append(l.liveConnections())
              .append(String.format(java.util.Locale.ROOT, " pq-share %.1f%%", kx.postQuantumShare() * 100)).append('\n');
            kx.groups().forEach((k, v) -> sb.append("  group ").append(k).append(' ').append(v).append('\n'));
            l.decisions().forEach((k, v) -> {
                if (v > 0) {
                    sb.append("  decision ").append(k).append(' ').append(v).append('\n');
                }
            });
            l.handshakeFailures().forEach((k, v) -> sb.append("  handshake-failed ").append(k).append(' ').append(v).append('\n'));
            l.acceptFailures().forEach((k, v) -> sb.append("  accept-failed ").append(k).append(' ').append(v).append('\n'));
            l.upstreams().forEach((k, v) -> sb.append("  endpoint ").append(k).append(v ? " healthy" : " failing").append('\n'));
            for (io.securelink.appliance.report.CrlStatus c : l.revocation().crls()) {
                sb.append("  crl ").append(c.file()).append(" issuer ").append(c.issuer()).append(" this-update ").append(c.thisUpdate())
                  .append(" next-update ").append(c.nextUpdate()).append(" entries ").append(c.entries()).append(' ').append(c.state()).append('\n');
            }
            if (!l.revocation().ocsp().equals("off") || l.revocation().stapling() || l.revocation().closedForRevocation() > 0) {
                sb.append("  revocation ocsp ").append(l.revocation().ocsp()).append(" ocsp-answers-cached ").append(l.revocation().ocspAnswersCached())
                  .append(" stapling ").append(l.revocation().stapling() ? "yes" : "no")
                  .append(" closed-for-revocation ").append(l.revocation().closedForRevocation()).append('\n');
            }
            l.revocation().ocspFailing().forEach((url, n) -> sb.append("  ocsp-responder-failing ").append(url).append(' ').append(n).append('\n'));
        }
        return sb.toString();
    }
}
