package io.securelink.appliance.runtime;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.link.LinkListener;
import io.securelink.appliance.link.LinkState;
import io.securelink.appliance.link.LinkStats;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.KeyExchangeStatus;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.appliance.report.RevocationStatus;
import io.securelink.crypto.CertificateSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the runtime's links and counters into an immutable {@link ApplianceStatus}. */
final class StatusSnapshot {
    private StatusSnapshot() {
    }

    private static RevocationStatus revocation(io.securelink.appliance.link.LinkSnapshot snap, LinkStats st, Instant now) {
        var r = snap.tls().verifier().revocation();
        return new RevocationStatus(r.status(now), r.config().ocsp().name().toLowerCase(java.util.Locale.ROOT), r.ocspAnswersCached(),
                r.asksOcsp() ? io.securelink.appliance.tls.RevocationCheck.failingResponders() : Map.of(), snap.tls().stapling(),
                st.closedForRevocationCount());
    }

    private static KeyExchangeStatus keyExchange(io.securelink.appliance.link.LinkSnapshot snap, LinkStats st) {
        var tls = snap.tls();
        String protection = !tls.offersPostQuantum() ? "none"
                : snap.config().tls().requirePostQuantum() ? "required" : "offered";
        return new KeyExchangeStatus(protection,
                tls.offered().stream().map(io.securelink.appliance.config.KeyExchangeGroup::configName).toList(),
                st.groups(), st.groups().entrySet().stream().filter(e -> io.securelink.appliance.config.KeyExchangeGroup.isPostQuantumName(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum(),
                st.livePostQuantum());
    }

    static ApplianceStatus of(ApplianceRuntime runtime, Instant startedAt) {
        ApplianceConfig cfg = runtime.config();
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        List<LinkStatus> links = new ArrayList<>();
        Map<String, LinkListener> listeners = new TreeMap<>(runtime.listeners());
        for (LinkListener l : listeners.values()) {
            LinkState s = l.state();
            LinkStats st = s.stats();
            var snap = s.snapshot();
            var c = snap.config();
            Instant peerNotAfter = st.peerCertificateNotAfter();
            links.add(new LinkStatus(
                    c.name(),
                    c.mode().name().toLowerCase(java.util.Locale.ROOT),
                    l.boundAddress() == null ? c.listen().toString() : io.securelink.appliance.link.AddressText.of(l.boundAddress()),
                    l.isAccepting(),
                    s.admission().live(),
                    st.totalConnections(),
                    st.bytesFromRemote(),
                    st.bytesToRemote(),
                    s.admission().handshakesInFlight(),
                    st.handshakeFailures(),
                    s.admission().counters().snapshot(),
                    snap.upstreams().health(nanos),
                    st.activeUpstream(),
                    CertificateSummary.of(c.tls().credentials().leaf()).daysLeft(now),
                    peerNotAfter == null ? null : java.time.Duration.between(now, peerNotAfter).toDays(),
                    keyExchange(snap, st),
                    revocation(snap, st, now),
                    st.acceptFailures()));
        }
        return new ApplianceStatus(cfg == null ? "" : cfg.appliance().id(), cfg == null ? "" : cfg.appliance().site(),
                cfg == null ? "" : cfg.digest(), io.securelink.appliance.tls.TlsEngine.describe(io.securelink.appliance.tls.TlsEngine.provider()),
                runtime.transport().describe(), startedAt, now, List.copyOf(links));
    }
}
