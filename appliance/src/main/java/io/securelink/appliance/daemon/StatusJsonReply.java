package io.securelink.appliance.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.appliance.status.StatusJson;

/**
 * The control socket's answer to {@code status json} ({@code securelink status --json}): the same
 * per-link fields the MQTT heartbeat carries, so a script reads one format whichever way it asks.
 */
final class StatusJsonReply {
    private StatusJsonReply() {
    }

    /**
     * The status, with the state of the audit log ({@code audit-log}) and, when the appliance reports over MQTT,
     * of its event journal ({@code mqtt-journal}): {@code ok} or how it is degraded, as {@code status} says.
     */
    static String render(ApplianceStatus s, String auditLog, String mqttJournal) {
        ObjectNode o = StatusJson.object();
        o.put("appliance", s.applianceId());
        o.put("site", s.site());
        o.put("config-digest", s.configDigest());
        o.put("tls-provider", s.tlsProvider());
        o.put("started", String.valueOf(s.startedAt()));
        o.put("time", String.valueOf(s.at()));
        if (auditLog != null) {
            o.put("audit-log", auditLog);
        }
        if (mqttJournal != null) {
            o.put("mqtt-journal", mqttJournal);
        }
        ArrayNode links = o.putArray("links");
        for (LinkStatus l : s.links()) {
            links.add(StatusJson.link(l));
        }
        try {
            return StatusJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
