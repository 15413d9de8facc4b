package io.securelink.appliance.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.StatusConfig;
import io.securelink.appliance.event.Event;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.report.ApplianceStatus;
import io.securelink.appliance.report.LinkStatus;
import io.securelink.appliance.tls.TlsEngine;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Answers {@code cmd/<name>} requests on the MQTT 5 response topic with the request's correlation data.
 * Only read-only commands exist ({@code status}, {@code links}, {@code certs}, {@code config-digest},
 * {@code version}); it reads through {@link StatusSource}, so no command can change the appliance. Any
 * other name, or any command when {@code commands: off}, gets an error reply. Requests without a
 * response topic cannot be answered and are only logged. A reply goes only to a topic in the reply space
 * {@code <prefix>/_cli/...} ({@link StatusTopics#replySpace}), which no appliance's subtree can overlap
 * (sites and ids never start with '_'): a request naming any other topic (say another appliance's
 * {@code state}) gets no reply and is counted, so no requester can make this appliance publish into
 * another one's topics.
 */
public final class CommandResponder {
    public static final List<String> COMMANDS = List.of("status", "links", "certs", "config-digest", "version");

    /** Where replies go: a topic, the correlation data to echo (may be null), the payload. */
    @FunctionalInterface
    public interface ReplySender {
        void send(String topic, byte[] correlation, byte[] payload);
    }

    private final StatusSource source;
    private final Supplier<StatusConfig.Commands> mode;
    private final Supplier<ObjectNode> status;
    private final ReplySender replies;
    private final EventSink events;
    private final String replySpace;
    private final java.util.concurrent.atomic.AtomicLong refusedResponseTopics = new java.util.concurrent.atomic.AtomicLong();

    CommandResponder(StatusSource source, Supplier<StatusConfig.Commands> mode, Supplier<ObjectNode> status,
                     ReplySender replies, EventSink events, String replySpace) {
        this.replySpace = replySpace;
        this.source = source;
        this.mode = mode;
        this.status = status;
        this.replies = replies;
        this.events = events;
    }

    void request(String name, MqttMessage message) {
        MqttProperties p = message.getProperties();
        String responseTopic = p == null ? null : p.getResponseTopic();
        byte[] correlation = p == null ? null : p.getCorrelationData();
        ObjectNode reply = answer(name);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("command", name);
        fields.put("ok", reply.path("ok").asText());
        fields.put("response-topic", responseTopic == null ? "" : responseTopic);
        if (responseTopic == null || responseTopic.isEmpty()) {
            fields.put("error", "no response topic");
            events.emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command '" + name
                    + "' not answered: the request has no MQTT 5 response topic", fields));
            return;
        }
        if (!inReplySpace(responseTopic)) {
            refusedResponseTopics.incrementAndGet();
            fields.put("ok", "false");
            fields.put("error", "response topic outside " + replySpace + "#");
            events.emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command '" + name
                    + "' not answered: response topic '" + responseTopic + "' is outside the reply space " + replySpace + "#", fields));
            return;
        }
        replies.send(responseTopic, correlation, StatusJson.bytes(reply));
        events.emit(Event.of(EventType.COMMAND_SERVED, "", "mqtt", "command '" + name + "' "
                + (reply.path("ok").asBoolean() ? "answered" : "refused: " + reply.path("error").asText()), fields));
    }

    private boolean inReplySpace(String topic) {
        return topic.startsWith(replySpace) && topic.length() > replySpace.length()
                && topic.indexOf('+') < 0 && topic.indexOf('#') < 0 && topic.indexOf('\0') < 0;
    }

    /** Requests refused because their response topic was outside the reply space, since start. */
    public long refusedResponseTopics() {
        return refusedResponseTopics.get();
    }

    /** The reply to command {@code name}: {@code ok} with a {@code result}, or {@code ok: false} with an {@code error}. */
    ObjectNode answer(String name) {
        ApplianceConfig cfg = source.config();
        ObjectNode r = StatusJson.header(cfg.appliance().id(), cfg.appliance().site(), Instant.now());
        r.put("command", name);
        if (mode.get() == StatusConfig.Commands.OFF) {
            return error(r, "commands are off on this appliance (status.mqtt.commands: off)");
        }
        if (!COMMANDS.contains(name)) {
            return error(r, "unknown command '" + name + "' (expected one of " + String.join(", ", COMMANDS)
                    + "; no command changes the appliance)");
        }
        r.put("ok", true);
        switch (name) {
            case "status" -> r.set("result", status.get());
            case "links" -> {
                ArrayNode a = r.putArray("result");
                source.status().links().forEach(l -> a.add(StatusJson.link(l)));
            }
            case "certs" -> r.set("result", certs(cfg, source.status()));
            case "config-digest" -> {
                ObjectNode o = r.putObject("result");
                o.put("config-digest", cfg.digest());
            }
            case "version" -> {
                ObjectNode o = r.putObject("result");
                o.put("version", io.securelink.appliance.report.ApplianceVersion.current());
                o.put("java", Runtime.version().toString());
                o.put("tls-provider", TlsEngine.describe(TlsEngine.provider()));
            }
            default -> throw new IllegalStateException(name);
        }
        return r;
    }

    private static ObjectNode error(ObjectNode r, String message) {
        r.put("ok", false);
        r.put("error", message);
        return r;
    }

    private static ArrayNode certs(ApplianceConfig cfg, ApplianceStatus st) {
        Instant now = Instant.now();
        ArrayNode a = StatusJson.mapper().createArrayNode();
        for (LinkConfig l : new TreeMap<>(cfg.links()).values()) {
            for (X509Certificate c : l.tls().credentials().chain()) {
                a.add(StatusJson.certificate(l.name(), c == l.tls().credentials().leaf() ? "own" : "own-chain", c, now));
            }
        }
        cfg.status().flatMap(StatusConfig::tls).flatMap(StatusConfig.MqttTls::credentials)
                .ifPresent(c -> a.add(StatusJson.certificate("mqtt", "own", c.leaf(), now)));
        for (LinkStatus ls : st.links()) {
            if (ls.peerCertificateDaysLeft() != null) {
                ObjectNode o = a.addObject();
                o.put("owner", ls.name());
                o.put("role", "peer-last-seen");
                o.put("days-left", ls.peerCertificateDaysLeft());
            }
        }
        return a;
    }
}
