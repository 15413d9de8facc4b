package io.securelink.appliance.status;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.crypto.CertificateSummary;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emits {@code cert-expiring} when a certificate the appliance presents (every certificate of each link's
 * chain and of the MQTT client chain) or the last peer certificate a link verified has fewer than 30, 7 or 1 days left: once per
 * certificate and threshold while the daemon runs, for the tightest threshold crossed.
 */
final class CertificateExpiryWatch {
    static final List<Integer> THRESHOLDS = List.of(1, 7, 30);
    private final EventSink events;
    private final Set<String> emitted = ConcurrentHashMap.newKeySet();

    CertificateExpiryWatch(EventSink events) {
        this.events = events;
    }

    void check(ApplianceConfig cfg, ApplianceStatus status, Instant now) {
        for (LinkConfig l : cfg.links().values()) {
            for (X509Certificate c : l.tls().credentials().chain()) {
                own(l.name(), "link " + l.name() + (c == l.tls().credentials().leaf() ? " certificate" : " chain certificate"), c, now);
            }
        }
        cfg.status().flatMap(s -> s.tls()).flatMap(t -> t.credentials())
                .ifPresent(creds -> creds.chain().forEach(c -> own("mqtt", "MQTT client "
                        + (c == creds.leaf() ? "certificate" : "chain certificate"), c, now)));
        for (LinkStatus ls : status.links()) {
            if (ls.peerCertificateDaysLeft() != null) {
                long days = ls.peerCertificateDaysLeft();
                threshold(days).ifPresent(t -> emit(ls.name() + "/peer/" + t, ls.name(), "peer", days, t,
                        "the last peer certificate seen on link " + ls.name(), Map.of()));
            }
        }
    }

    private void own(String link, String what, X509Certificate c, Instant now) {
        CertificateSummary s = CertificateSummary.of(c);
        long days = s.daysLeft(now);
        threshold(days).ifPresent(t -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("subject", s.subject());
            f.put("not-after", s.notAfter().toString());
            f.put("pin", s.pin().toString());
            emit(link + "/own/" + s.pin() + "/" + t, link, "own", days, t, what + " " + s.subject(), f);
        });
    }

    private static java.util.Optional<Integer> threshold(long days) {
        return THRESHOLDS.stream().filter(t -> days < t).findFirst();
    }

    private void emit(String key, String link, String role, long days, int threshold, String what, Map<String, String> extra) {
        if (!emitted.add(key)) {
            return;
        }
        Map<String, String> f = new LinkedHashMap<>(extra);
        f.put("role", role);
        f.put("days-left", Long.toString(days));
        f.put("threshold-days", Integer.toString(threshold));
        events.emit(Event.of(EventType.CERT_EXPIRING, link, "", what + " expires in " + days + " day(s) (less than "
                + threshold + ")", f));
    }
}
