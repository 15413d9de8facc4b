package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.PinSet;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the appliance reports upstream over MQTT 5. {@code tls} uses the same meaning as on links
 * (credentials optional: a broker may not ask for a client certificate).
 */
public record StatusConfig(
        List<String> brokers,
        String clientId,
        Optional<MqttTls> tls,
        Optional<String> username,
        Optional<Path> passwordFile,
        String topicPrefix,
        Duration heartbeat,
        long journalMaxBytes,
        Commands commands) {

    /** Whether remote commands are answered; no command ever changes the appliance. */
    public enum Commands { READ_ONLY, OFF }

    /** TLS towards the broker: optional client credentials, a trust bundle or pins-only, and broker pins. */
    public record MqttTls(Optional<Credentials> credentials, List<X509Certificate> anchors, PinSet pins, boolean pinsOnly) {
    }
}
