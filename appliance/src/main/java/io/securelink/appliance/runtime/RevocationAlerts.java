package io.securelink.appliance.runtime;

import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.link.LinkListener;
import io.securelink.appliance.report.CrlStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raises {@code crl-unusable} (alert) for a CRL that is past its nextUpdate or whose signature does not
 * verify against the issuing CA, and {@code crl-expiring} (warning) for one within 24 h of its
 * nextUpdate: once per link, CRL (file and thisUpdate) and state, so a new CRL that is still bad alerts
 * again and a repeated check does not. Run on start, after every reload and periodically.
 */
final class RevocationAlerts {
    private final EventSink events;
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    RevocationAlerts(EventSink events) {
        this.events = events;
    }

    void check(Collection<LinkListener> links, Instant now) {
        for (LinkListener l : links) {
            String link = l.state().name();
            String crlStale = l.state().snapshot().config().tls().revocation().crlStale().name().toLowerCase(java.util.Locale.ROOT);
            for (CrlStatus c : l.state().snapshot().tls().verifier().revocation().status(now)) {
                String message = switch (c.state()) {
                    case "stale" -> "the CRL of " + c.issuer() + " (" + c.file() + ") is stale: nextUpdate " + c.nextUpdate()
                            + " has passed; crl-stale: " + crlStale + (crlStale.equals("refuse")
                            ? ", so peers whose chain needs it are refused" : ", so peers are still admitted against it");
                    case "bad-signature" -> "the CRL " + c.file() + " names issuer " + c.issuer()
                            + " but is not signed by that CA's key; crl-stale: " + crlStale
                            + (crlStale.equals("refuse") ? ", so peers whose chain needs it are refused" : ", so it is ignored");
                    case "expiring" -> "the CRL of " + c.issuer() + " (" + c.file() + ") reaches its nextUpdate " + c.nextUpdate()
                            + " within 24 hours; publish a new one";
                    default -> null;
                };
                if (message == null || !raised.add(link + "|" + c.file() + "|" + c.thisUpdate() + "|" + c.state())) {
                    continue;
                }
                Map<String, String> f = new LinkedHashMap<>();
                f.put("file", c.file());
                f.put("issuer", c.issuer());
                f.put("state", c.state());
                f.put("this-update", c.thisUpdate().toString());
                f.put("next-update", String.valueOf(c.nextUpdate()));
                f.put("crl-stale", crlStale);
                events.emit(Event.of(c.state().equals("expiring") ? EventType.CRL_EXPIRING : EventType.CRL_UNUSABLE, link, "",
                        "link " + link + ": " + message, f));
            }
        }
    }
}
