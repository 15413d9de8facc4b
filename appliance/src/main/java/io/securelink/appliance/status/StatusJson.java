package io.securelink.appliance.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.crypto.CertificateSummary;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds every JSON payload the appliance publishes (state, status, events, command replies). Field
 * names are part of the interface documented in docs/mqtt.md: add fields, never rename or remove them.
 */
public final class StatusJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a status payload", e);
        }
    }

    public static JsonNode parse(byte[] payload) throws IOException {
        return MAPPER.readTree(payload);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Who is speaking: the first fields of every payload. */
    static ObjectNode header(String applianceId, String site, Instant time) {
        ObjectNode n = object();
        n.put("appliance", applianceId);
        n.put("site", site);
        n.put("time", time.toString());
        return n;
    }

    /** The birth message, retained on {@code state} at every connect. */
    public static ObjectNode online(ApplianceConfig cfg, String version, Instant startedAt, String broker, String clientId) {
        ObjectNode n = header(cfg.appliance().id(), cfg.appliance().site(), Instant.now());
        n.put("state", "online");
        n.put("version", version);
        n.put("started", startedAt.toString());
        n.put("config-digest", cfg.digest());
        n.put("broker", broker);
        n.put("client-id", clientId);
        cfg.status().ifPresent(s -> n.put("heartbeat-seconds", s.heartbeat().toSeconds()));
        ArrayNode links = n.putArray("links");
        new TreeMap<>(cfg.links()).values().forEach(l -> links.add(linkSummary(l)));
        return n;
    }

    private static ObjectNode linkSummary(LinkConfig l) {
        ObjectNode o = object();
        o.put("name", l.name());
        o.put("mode", l.mode().name().toLowerCase(java.util.Locale.ROOT));
        o.put("listen", l.listen().toString());
        return o;
    }

    /** The death message: the LWT ({@code reason} "connection-lost") or the clean stop ("stopped"). */
    public static ObjectNode offline(String applianceId, String site, Instant startedAt, String reason) {
        ObjectNode n = header(applianceId, site, Instant.now());
        n.put("state", "offline");
        n.put("reason", reason);
        n.put("started", startedAt.toString());
        return n;
    }

    /** One event as published on {@code events}, carrying its sequence number. */
    public static ObjectNode event(long seq, Event e, String applianceId, String site, long journalDropped) {
        ObjectNode n = object();
        n.put("seq", seq);
        n.put("time", e.time().toString());
        n.put("appliance", applianceId);
        n.put("site", site);
        n.put("type", e.type().wireName());
        n.put("severity", e.type().severity().name().toLowerCase(java.util.Locale.ROOT));
        n.put("link", e.link());
        n.put("remote", e.remote());
        n.put("message", e.message());
        ObjectNode f = n.putObject("fields");
        new TreeMap<>(e.fields()).forEach(f::put);
        n.put("journal-dropped", journalDropped);
        return n;
    }

    /** The heartbeat, retained on {@code status}. */
    public static ObjectNode status(ApplianceStatus s, String version, Duration heartbeat, JvmHealth jvm,
                                    EventJournal.Stats journal, long alertsLastHour, Long ownChainDaysLeft) {
        ObjectNode n = header(s.applianceId(), s.site(), s.at());
        n.put("started", s.startedAt() == null ? null : s.startedAt().toString());
        n.put("uptime-seconds", s.startedAt() == null ? 0 : Duration.between(s.startedAt(), s.at()).toSeconds());
        n.put("version", version);
        n.put("config-digest", s.configDigest());
        n.put("tls-provider", s.tlsProvider());
        n.put("transport", s.transport());
        n.put("heartbeat-seconds", heartbeat.toSeconds());
        if (s.ha().isPresent()) {
            var h = s.ha().get();
            ObjectNode ha = n.putObject("ha");
            ha.put("role", h.role());
            ha.put("since", h.roleSince().toString());
            ha.put("role-changes", h.roleChanges());
            ha.put("healthy", h.healthy());
            ArrayNode problems = ha.putArray("problems");
            h.problems().forEach(problems::add);
        }
        ArrayNode links = n.putArray("links");
        int up = 0;
        Long nearest = ownChainDaysLeft;
        for (LinkStatus l : s.links()) {
            links.add(link(l));
            up += l.accepting() ? 1 : 0;
            nearest = min(nearest, l.ownCertificateDaysLeft());
            if (l.peerCertificateDaysLeft() != null) {
                nearest = min(nearest, l.peerCertificateDaysLeft());
            }
        }
        long live = 0;
        long livePq = 0;
        for (LinkStatus l : s.links()) {
            live += l.liveConnections();
            livePq += l.keyExchange().livePostQuantum();
        }
        n.put("live-connections", live);
        n.put("live-post-quantum", livePq);
        n.put("links-up", up);
        n.put("links-total", s.links().size());
        if (nearest == null) {
            n.putNull("nearest-certificate-days-left");
        } else {
            n.put("nearest-certificate-days-left", nearest);
        }
        n.put("alerts-last-hour", alertsLastHour);
        ObjectNode j = n.putObject("jvm");
        j.put("heap-used-bytes", jvm.heapUsedBytes());
        j.put("heap-max-bytes", jvm.heapMaxBytes());
        j.put("threads", jvm.threads());
        j.put("open-files", jvm.openFiles());
        j.put("max-open-files", jvm.maxOpenFiles());
        j.put("uptime-millis", jvm.uptimeMillis());
        n.set("journal", journal(journal));
        return n;
    }

    static ObjectNode journal(EventJournal.Stats st) {
        ObjectNode o = object();
        o.put("next-seq", st.nextSeq());
        o.put("pending", st.pending());
        o.put("bytes", st.bytes());
        o.put("max-bytes", st.maxBytes());
        o.put("dropped", st.dropped());
        return o;
    }

    private static Long min(Long a, long b) {
        return a == null ? b : Math.min(a, b);
    }

    /** The post-quantum fields of one link: protection, offered groups, handshakes per group, pq share. */
    static void keyExchange(ObjectNode o, io.securelink.appliance.report.KeyExchangeStatus k) {
        o.put("post-quantum", k.protection());
        ArrayNode offered = o.putArray("groups-offered");
        k.offered().forEach(offered::add);
        ObjectNode groups = o.putObject("groups");
        new TreeMap<>(k.groups()).forEach(groups::put);
        o.put("pq-share", Math.round(k.postQuantumShare() * 1000) / 1000.0);
        o.put("live-post-quantum", k.livePostQuantum());
    }

    /** One link's counters, as in {@code status.links[]} and the {@code links} command. */
    public static ObjectNode link(LinkStatus l) {
        ObjectNode o = object();
        o.put("name", l.name());
        o.put("mode", l.mode());
        o.put("listen", l.listen());
        o.put("state", l.accepting() ? "up" : "down");
        o.put("live-connections", l.liveConnections());
        o.put("total-connections", l.totalConnections());
        o.put("bytes-from-remote", l.bytesFromRemote());
        o.put("bytes-to-remote", l.bytesToRemote());
        o.put("handshakes-in-flight", l.handshakesInFlight());
        ObjectNode hf = o.putObject("handshake-failures");
        new TreeMap<>(l.handshakeFailures()).forEach(hf::put);
        ObjectNode af = o.putObject("accept-failures");
        new TreeMap<>(l.acceptFailures()).forEach(af::put);
        ObjectNode denials = o.putObject("policy-denials");
        for (Map.Entry<String, Long> d : l.decisions().entrySet()) {
            if (!d.getKey().equals("allowed")) {
                denials.put(d.getKey(), d.getValue());
            }
        }
        o.put("allowed", l.decisions().getOrDefault("allowed", 0L));
        ArrayNode ups = o.putArray("upstreams");
        l.upstreams().forEach((endpoint, healthy) -> {
            ObjectNode u = ups.addObject();
            u.put("endpoint", endpoint);
            u.put("healthy", healthy);
        });
        o.put("active-upstream", l.activeUpstream());
        keyExchange(o, l.keyExchange());
        o.put("own-certificate-days-left", l.ownCertificateDaysLeft());
        if (l.peerCertificateDaysLeft() == null) {
            o.putNull("peer-certificate-days-left");
        } else {
            o.put("peer-certificate-days-left", l.peerCertificateDaysLeft());
        }
        ObjectNode rev = o.putObject("revocation");
        ArrayNode crls = rev.putArray("crls");
        for (io.securelink.appliance.report.CrlStatus c : l.revocation().crls()) {
            ObjectNode cn = crls.addObject();
            cn.put("file", c.file());
            cn.put("issuer", c.issuer());
            cn.put("this-update", c.thisUpdate().toString());
            if (c.nextUpdate() == null) {
                cn.putNull("next-update");
            } else {
                cn.put("next-update", c.nextUpdate().toString());
            }
            cn.put("entries", c.entries());
            cn.put("state", c.state());
        }
        rev.put("ocsp", l.revocation().ocsp());
        rev.put("ocsp-answers-cached", l.revocation().ocspAnswersCached());
        ObjectNode failing = rev.putObject("ocsp-responders-failing");
        new TreeMap<>(l.revocation().ocspFailing()).forEach(failing::put);
        rev.put("stapling", l.revocation().stapling());
        rev.put("closed-for-revocation", l.revocation().closedForRevocation());
        return o;
    }

    /** One certificate, as in the {@code certs} command. */
    public static ObjectNode certificate(String owner, String role, X509Certificate c, Instant now) {
        CertificateSummary s = CertificateSummary.of(c);
        ObjectNode o = object();
        o.put("owner", owner);
        o.put("role", role);
        o.put("subject", s.subject());
        o.put("issuer", s.issuer());
        o.put("serial", s.serialHex());
        o.put("not-before", s.notBefore().toString());
        o.put("not-after", s.notAfter().toString());
        o.put("days-left", s.daysLeft(now));
        o.put("pin", s.pin().toString());
        return o;
    }

    /**
     * The fewest days left on any certificate the appliance presents (every link's chain and the MQTT
     * client chain), or null when it presents none.
     */
    static Long ownChainDaysLeft(ApplianceConfig cfg, Instant now) {
        Long nearest = null;
        for (LinkConfig l : cfg.links().values()) {
            for (X509Certificate c : l.tls().credentials().chain()) {
                nearest = min(nearest, CertificateSummary.of(c).daysLeft(now));
            }
        }
        var mqtt = cfg.status().flatMap(st -> st.tls()).flatMap(t -> t.credentials());
        if (mqtt.isPresent()) {
            for (X509Certificate c : mqtt.get().chain()) {
                nearest = min(nearest, CertificateSummary.of(c).daysLeft(now));
            }
        }
        return nearest;
    }
}
