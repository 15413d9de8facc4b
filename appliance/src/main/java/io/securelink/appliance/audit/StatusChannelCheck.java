package io.securelink.appliance.audit;

import io.securelink.appliance.config.StatusConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT status channel: brokers reached without TLS, TLS without broker pins, and remote commands.
 * The config only allows {@code commands: read-only} or {@code off}, so the rule flags read-only
 * commands served over plaintext (HIGH) and notes that they are on (INFO).
 */
public final class StatusChannelCheck implements AuditCheck {
    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.config().status().isEmpty()) {
            return out;
        }
        StatusConfig s = ctx.config().status().get();
        List<String> plain = s.brokers().stream().filter(b -> b.toLowerCase(java.util.Locale.ROOT).startsWith("tcp:")).toList();
        if (!plain.isEmpty()) {
            out.add(new Finding("status.mqtt-plaintext", Severity.HIGH, "status.mqtt.brokers",
                    "broker(s) without TLS: " + String.join(", ", plain) + (s.passwordFile().isPresent() ? " (the password travels in clear)" : ""),
                    "use ssl://host:8883 with a tls section"));
        }
        boolean anyTls = s.brokers().size() > plain.size();
        if (anyTls && s.tls().map(t -> t.pins().isEmpty()).orElse(true)) {
            out.add(new Finding("status.broker-unpinned", Severity.MEDIUM, "status.mqtt.tls.pins",
                    "no broker pins: any certificate the trust bundle validates is taken for the broker",
                    "pin the broker's key or issuing CA in status.mqtt.tls.pins"));
        }
        if (s.commands() == StatusConfig.Commands.READ_ONLY) {
            if (!plain.isEmpty()) {
                out.add(new Finding("status.commands-over-plaintext", Severity.HIGH, "status.mqtt.commands",
                        "read-only commands are answered over a broker without TLS: anyone on the path can query the appliance",
                        "use TLS brokers, or set commands: off"));
            } else {
                out.add(new Finding("status.commands-enabled", Severity.INFO, "status.mqtt.commands",
                        "read-only commands are answered (no command can change the appliance)",
                        "set commands: off if nobody queries the appliance remotely"));
            }
        }
        return out;
    }
}
