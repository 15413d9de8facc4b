package io.securelink.appliance.tls;

import io.securelink.appliance.event.EventType;
import io.securelink.crypto.CertificateSummary;
import java.util.List;

/**
 * Why a peer was refused during the handshake, with what it presented and what was expected, so
 * the log line and the event let an operator see at once whether the peer or the config is wrong.
 */
public record PeerRefusal(EventType type, String link, String remote, String reason,
                          List<CertificateSummary> presented, List<String> expected) {

    /** One line: link, remote, reason, each presented certificate, what was expected. */
    public String describe() {
        StringBuilder sb = new StringBuilder("link ").append(link).append(": refused peer ").append(remote)
                .append(": ").append(reason).append("; presented");
        if (presented.isEmpty()) {
            sb.append(" no certificate");
        }
        for (int i = 0; i < presented.size(); i++) {
            sb.append(" [").append(i).append("] ").append(presented.get(i));
        }
        if (!expected.isEmpty()) {
            sb.append("; expected one of ").append(expected);
        }
        return sb.toString();
    }
}
