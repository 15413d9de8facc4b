package io.securelink.appliance.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.event.EventSink;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.PinSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A short-lived MQTT 5 session from an operator's machine to the broker the appliances report to, for
 * {@code securelink fleet} and {@code securelink query}. TLS works as on the appliance: optional client
 * certificate, a trust bundle or pins-only, and broker pins checked inside the handshake.
 */
public final class RemoteBroker implements AutoCloseable {
    private final MqttAsyncClient client;
    private final String clientId;
    private volatile BiConsumer<String, MqttMessage> listener = (t, m) -> { };

    /** How to reach and trust the broker. {@code anchors} empty with pins set means pins-only. */
    public record Settings(String url, Optional<Credentials> credentials, List<X509Certificate> anchors, PinSet pins,
                           Optional<String> username, Optional<Path> passwordFile, Duration timeout) {
    }

    private RemoteBroker(MqttAsyncClient client, String clientId) {
        this.client = client;
        this.clientId = clientId;
    }

    public static RemoteBroker connect(Settings s) throws MqttException, IOException, GeneralSecurityException {
        byte[] rnd = new byte[6];
        new SecureRandom().nextBytes(rnd);
        String id = "securelink-cli-" + HexFormat.of().formatHex(rnd);
        MqttAsyncClient c = new MqttAsyncClient(s.url(), id, new MemoryPersistence());
        RemoteBroker rb = new RemoteBroker(c, id);
        c.setCallback((MessageListener) (topic, message) -> rb.listener.accept(topic, message));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout((int) Math.max(1, s.timeout().toSeconds()));
        s.username().ifPresent(o::setUserName);
        if (s.passwordFile().isPresent()) {
            o.setPassword(Files.readString(s.passwordFile().get(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
        }
        if (s.url().startsWith("ssl://")) {
            o.setSocketFactory(MqttSocketFactory.create("mqtt-broker", s.credentials(), s.anchors(), s.pins(), EventSink.NONE));
            o.setHttpsHostnameVerificationEnabled(s.pins().isEmpty());
        }
        c.connect(o).waitForCompletion(s.timeout().toMillis());
        return rb;
    }

    public String clientId() {
        return clientId;
    }

    /** Whether the connection to the broker is up (it is not re-established by itself once lost). */
    public boolean connected() {
        return client.isConnected();
    }

    /** Delivers every message on subscribed topics to {@code l} (on Paho's callback thread). */
    public void onMessage(BiConsumer<String, MqttMessage> l) {
        this.listener = l;
    }

    public void subscribe(String filter, Duration timeout) throws MqttException {
        client.subscribe(filter, 1).waitForCompletion(timeout.toMillis());
    }

    /**
     * Finds the site of {@code applianceId} from its retained {@code state} message, or empty if none
     * arrives within {@code timeout}.
     */
    public Optional<String> siteOf(String prefix, String applianceId, Duration timeout) throws MqttException, InterruptedException {
        return stateOf(prefix, applianceId, timeout).map(RetainedState::site);
    }

    /** An appliance's retained {@code state} message: its site and the JSON ({@code state}: online/offline, {@code time}, {@code reason}). */
    public record RetainedState(String site, JsonNode json) {
        public boolean offline() {
            return "offline".equals(json.path("state").asText());
        }
    }

    /** The retained {@code state} of {@code applianceId}, or empty if none arrives within {@code timeout}. */
    public Optional<RetainedState> stateOf(String prefix, String applianceId, Duration timeout) throws MqttException, InterruptedException {
        CompletableFuture<RetainedState> state = new CompletableFuture<>();
        onMessage((topic, m) -> {
            StatusTopics.Parsed p = StatusTopics.parse(prefix, topic);
            if (p != null && p.applianceId().equals(applianceId) && p.leaf().equals(StatusTopics.STATE)) {
                JsonNode json;
                try {
                    json = StatusJson.parse(m.getPayload());
                } catch (IOException e) {
                    json = StatusJson.object();
                }
                state.complete(new RetainedState(p.site(), json));
            }
        });
        String filter = prefix + "/+/" + applianceId + "/" + StatusTopics.STATE;
        subscribe(filter, timeout);
        try {
            return Optional.of(state.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } finally {
            client.unsubscribe(filter);
        }
    }

    /** Sends command {@code name} to one appliance and waits for the reply that carries our correlation data. */
    public JsonNode request(StatusTopics target, String name, Duration timeout)
            throws MqttException, InterruptedException, TimeoutException, IOException {
        byte[] correlation = new byte[16];
        new SecureRandom().nextBytes(correlation);
        String replyTopic = target.replySpace() + clientId + "/reply";
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        onMessage((topic, m) -> {
            if (topic.equals(replyTopic) && m.getProperties() != null
                    && java.util.Arrays.equals(correlation, m.getProperties().getCorrelationData())) {
                reply.complete(m.getPayload());
            }
        });
        subscribe(replyTopic, timeout);
        MqttMessage req = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
        req.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(replyTopic);
        p.setCorrelationData(correlation);
        p.setContentType("application/json");
        req.setProperties(p);
        client.publish(target.command(name), req).waitForCompletion(timeout.toMillis());
        try {
            return StatusJson.parse(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException ignored) {
            // Going away anyway.
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // Already closed.
        }
    }
}
