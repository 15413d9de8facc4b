package io.securelink.appliance.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securelink.appliance.status.MessageListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A subscriber standing in for the network operations centre: records every message on a filter. With a
 * persistent session it keeps receiving across a broker restart (the broker queues QoS 1 messages for it
 * and Paho reconnects by itself), which is how a monitoring client that must not miss events connects.
 */
public final class MqttProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One message as received. */
    public record Received(String topic, byte[] payload, boolean retained, MqttProperties properties) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + text(), e);
            }
        }
    }

    private MqttProbe(MqttAsyncClient client) {
        this.client = client;
    }

    /** A clean-session subscriber to {@code filter}. */
    public static MqttProbe subscribe(String url, String filter) throws MqttException {
        return subscribe(url, filter, "probe-" + System.nanoTime(), false, null);
    }

    /**
     * @param persistent keep the session (and its queued messages) across disconnects and broker restarts
     */
    public static MqttProbe subscribe(String url, String filter, String clientId, boolean persistent, SocketFactory tls)
            throws MqttException {
        return subscribe(url, filter, clientId, persistent, tls, null, null);
    }

    /** As above, logging in with {@code username}/{@code password} (both null: anonymous). */
    public static MqttProbe subscribe(String url, String filter, String clientId, boolean persistent, SocketFactory tls,
                                      String username, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttProbe p = new MqttProbe(c);
        // Paho reconnects by itself; persistent sessions keep their subscriptions, missing messages show as such.
        c.setCallback((MessageListener) (topic, m) -> {
            p.received.add(new Received(topic, m.getPayload(), m.isRetained(), m.getProperties()));
            synchronized (p) {
                p.notifyAll();
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(!persistent);
        o.setSessionExpiryInterval(persistent ? 3600L : 0L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (tls != null) {
            o.setSocketFactory(tls);
            o.setHttpsHostnameVerificationEnabled(false);
        }
        c.connect(o).waitForCompletion(TestTimeouts.eventMillis());
        c.subscribe(filter, 1).waitForCompletion(TestTimeouts.eventMillis());
        return p;
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Waits for the first message matching {@code p}. */
    public Received await(Predicate<Received> p, String what) throws InterruptedException {
        return await(p, what, TestTimeouts.eventMillis());
    }

    /** As {@link #await(Predicate, String)} with its own limit (e.g. a daemon's first message, after a JVM start on a loaded box). */
    public synchronized Received await(Predicate<Received> p, String what, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (Received r : received) {
                if (p.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no MQTT message: " + what + "; saw " + received.stream().map(r -> r.topic() + " " + r.text()).toList());
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** Waits for a message on {@code topic} whose JSON field {@code field} is {@code value}. */
    public Received await(String topic, String field, String value) throws InterruptedException {
        return await(r -> r.topic().equals(topic) && r.json().path(field).asText().equals(value), topic + " with " + field + "=" + value);
    }

    public void publish(String topic, MqttMessage m) throws MqttException {
        client.publish(topic, m).waitForCompletion(TestTimeouts.eventMillis());
    }

    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException ignored) {
            // Test teardown.
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // Test teardown.
        }
    }
}
