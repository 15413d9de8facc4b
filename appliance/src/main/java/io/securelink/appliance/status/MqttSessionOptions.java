package io.securelink.appliance.status;

import io.securelink.appliance.config.StatusConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * How the uplink's MQTT 5 session is opened: clean start and no session state on the broker (the
 * journal is the state), the keep-alive from the heartbeat, {@code offline} as the retained last will on
 * {@code state}, user name and password file, and the pinned TLS socket factory for {@code ssl://} brokers.
 * The password file is read at each connect, so a rotated password is used at the next reconnect.
 */
final class MqttSessionOptions {
    private final StatusConfig cfg;
    private final StatusTopics topics;
    private final byte[] will;
    private final Optional<SSLSocketFactory> tls;

    MqttSessionOptions(StatusConfig cfg, StatusTopics topics, byte[] will, Optional<SSLSocketFactory> tls) {
        this.cfg = cfg;
        this.topics = topics;
        this.will = will;
        this.tls = tls;
    }

    /** The options for one connect to {@code uri}: a clean session, the retained {@code offline} will, credentials, TLS for ssl://. */
    MqttConnectionOptions forBroker(String uri) throws IOException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval((int) Math.max(5, Math.min(60, cfg.heartbeat().toSeconds())));
        o.setWill(topics.state(), MqttUplink.message(will, true));
        MqttProperties willProps = new MqttProperties();
        willProps.setContentType("application/json");
        o.setWillMessageProperties(willProps);
        cfg.username().ifPresent(o::setUserName);
        if (cfg.passwordFile().isPresent()) {
            o.setPassword(Files.readString(cfg.passwordFile().get(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
        }
        if (tls.isPresent() && uri.startsWith("ssl://")) {
            o.setSocketFactory(tls.get());
            // With pins the broker is identified by its key; without, by its name in a trusted chain.
            o.setHttpsHostnameVerificationEnabled(cfg.tls().map(t -> t.pins().isEmpty()).orElse(true));
        }
        return o;
    }
}
