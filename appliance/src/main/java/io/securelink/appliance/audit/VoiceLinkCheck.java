package io.securelink.appliance.audit;

import io.securelink.appliance.config.Durations;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.TcpOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Links that carry voice must find a silently dead peer (keep-alive) and must not be cut while idle between
 * calls. A link carries voice when it marks voice classes ({@code dscp} EF, VA, CS5 or CS3) or touches a
 * SIP port (5060/5061) in {@code listen}, {@code forward} or {@code connect}. SIP over TCP/TLS keeps a flow
 * alive with keep-alives every 95-120 s (RFC 5626, section 4.4.1), so an idle timeout shorter than that,
 * or shorter than the TCP keep-alive time, closes a healthy trunk.
 */
public final class VoiceLinkCheck implements AuditCheck {
    static final Duration SIP_KEEPALIVE = Duration.ofSeconds(120);
    private static final Set<Integer> SIP_PORTS = Set.of(5060, 5061);
    private static final Set<String> VOICE_CLASSES = Set.of("EF", "VA", "CS5", "CS3");

    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (LinkConfig link : ctx.config().links().values()) {
            if (!carriesVoice(link)) {
                continue;
            }
            TcpOptions tcp = link.tcp();
            if (tcp.keepalive().isEmpty()) {
                out.add(new Finding("voice.no-keepalive", Severity.MEDIUM, AuditContext.linkSubject(link.name(), "tcp.keepalive"),
                        "a voice link without TCP keep-alive: a far end that vanishes without FIN or RST (power cut, cable, "
                                + "lost firewall state) is only noticed by the idle timeout, or never",
                        "set tcp.keepalive, e.g. { idle: 10s, interval: 3s, count: 3 } (dead peer found in about 19 s)"));
            }
            Duration idle = link.timeouts().idle();
            if (!link.timeouts().idleOff()) {
                Duration keepIdle = tcp.keepalive().map(TcpOptions.Keepalive::idle).orElse(Duration.ZERO);
                Duration floor = keepIdle.compareTo(SIP_KEEPALIVE) > 0 ? keepIdle : SIP_KEEPALIVE;
                if (idle.compareTo(floor) < 0) {
                    out.add(new Finding("voice.idle-shorter-than-keepalive", Severity.HIGH,
                            AuditContext.linkSubject(link.name(), "timeouts.idle"),
                            "idle timeout " + Durations.format(idle) + " is shorter than the keep-alive interval ("
                                    + (keepIdle.compareTo(SIP_KEEPALIVE) > 0 ? "TCP keep-alive idle " + Durations.format(keepIdle)
                                            : "SIP keep-alives every 95-120 s, RFC 5626")
                                    + "): an idle trunk is cut between calls",
                            "set timeouts: { idle: off } and rely on tcp.keepalive"));
                }
            }
        }
        return out;
    }

    static boolean carriesVoice(LinkConfig link) {
        if (link.tcp().dscp().map(d -> VOICE_CLASSES.contains(d.name())).orElse(false)) {
            return true;
        }
        if (SIP_PORTS.contains(link.listen().port())) {
            return true;
        }
        if (link.forward().map(HostPort::port).filter(SIP_PORTS::contains).isPresent()) {
            return true;
        }
        return link.connect().stream().anyMatch(h -> SIP_PORTS.contains(h.port()));
    }
}
