package io.securelink.appliance.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securelink.appliance.status.MessageListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A subscriber standing in for the network operations centre: records every message on a filter. With a
 * persistent session it keeps receiving across a broker restart (the broker queues QoS 1 messages for it
 * while it is away), which is how a monitoring client that must not miss events connects.
 *
 * <p>When the connection is lost the probe connects again every {@link #RECONNECT_EVERY}, each time with a
 * new Paho client under the same client id (as the appliance's uplink does), and subscribes again when the
 * broker kept no session. It does not use Paho's automatic reconnect, which reuses the client: in Paho 1.2.5
 * (mqttv5) a QoS 1 acknowledgement the callback thread queues after the connection was torn down stays
 * queued, the next connect's sender thread then stops at once (not connected, and the first thing queued is
 * not a CONNECT), and that connect waits for the sender forever, so the probe never came back (JournalDamageTest
 * failed this way when the broker was stopped the moment the probe received a message). Paho's automatic
 * reconnect also ignores {@code setAutomaticReconnectDelay}: its delay doubles up to 128 s, in a static field
 * shared by every client in the JVM. A failed {@link #await} says whether the probe was connected and lists
 * its connection history.
 */
public final class MqttProbe implements AutoCloseable {
    /** How often a disconnected probe tries the broker again. */
    public static final Duration RECONNECT_EVERY = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;
    private final String filter;
    private final String clientId;
    private final MqttConnectionOptions options;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> history = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconnector;
    private volatile MqttAsyncClient client;
    private volatile Duration deliveryDelay = Duration.ZERO;
    private volatile boolean closed;

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

    private MqttProbe(String url, String filter, String clientId, MqttConnectionOptions options) {
        this.url = url;
        this.filter = filter;
        this.clientId = clientId;
        this.options = options;
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-probe-reconnect: " + clientId);
            t.setDaemon(true);
            return t;
        });
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
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(!persistent);
        o.setSessionExpiryInterval(persistent ? 3600L : 0L);
        o.setAutomaticReconnect(false); // the probe reconnects itself (see the class comment)
        o.setConnectionTimeout((int) Math.max(1, TestTimeouts.event().toSeconds()));
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) {
            o.setSocketFactory(tls);
            o.setHttpsHostnameVerificationEnabled(false);
        }
        MqttProbe p = new MqttProbe(url, filter, clientId, o);
        MqttAsyncClient c = p.newClient();
        try {
            c.connect(o).waitForCompletion(TestTimeouts.eventMillis());
            c.subscribe(filter, 1).waitForCompletion(TestTimeouts.eventMillis());
        } catch (MqttException e) {
            p.close();
            throw e;
        }
        p.history.add(Instant.now() + " connected");
        return p;
    }

    /** A new Paho client under the probe's id, its callback bound to it (so a replaced client's late calls are ignored). */
    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        c.setCallback(new Callback(c));
        client = c;
        return c;
    }

    /**
     * Makes the probe a slow consumer: each message's callback takes {@code d} after the message is recorded
     * (Paho acknowledges a QoS 1 message when its callback returns), as a NOC client busy with what it got.
     */
    public void delayEachDelivery(Duration d) {
        deliveryDelay = d;
    }

    private final class Callback implements MessageListener {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) throws InterruptedException {
            received.add(new Received(topic, m.getPayload(), m.isRetained(), m.getProperties()));
            synchronized (MqttProbe.this) {
                MqttProbe.this.notifyAll();
            }
            Duration d = deliveryDelay;
            if (!d.isZero()) {
                Thread.sleep(d.toMillis());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (owner != client || closed) {
                return;
            }
            history.add(Instant.now() + " lost: " + (response.getException() != null ? response.getException() : "reason " + response.getReturnCode()));
            scheduleReconnect();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            history.add(Instant.now() + " error: " + exception);
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        try {
            reconnector.schedule(this::reconnect, RECONNECT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // Closed meanwhile.
        }
    }

    /** One attempt with a new client, on the reconnect thread; the next is scheduled until one succeeds. */
    private void reconnect() {
        if (closed) {
            return;
        }
        discard(client);
        MqttAsyncClient c = null;
        try {
            c = newClient();
            IMqttToken t = c.connect(options);
            t.waitForCompletion(TestTimeouts.eventMillis());
            boolean present = t.getSessionPresent();
            if (!present) {
                c.subscribe(filter, 1).waitForCompletion(TestTimeouts.eventMillis());
            }
            history.add(Instant.now() + " reconnected (" + (present ? "session kept" : "new session, subscribed again") + ")");
        } catch (MqttException e) {
            if (c == null || !c.isConnected() || closed) {
                scheduleReconnect();
            } else {
                history.add(Instant.now() + " reconnected, but subscribing again failed: " + e);
            }
        }
    }

    private static void discard(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            c.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException notConnected) {
            // Already down.
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException alreadyClosed) {
            // Going away anyway.
        }
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
                throw new AssertionError("no MQTT message within " + timeoutMillis + " ms: " + what + "; probe " + clientId
                        + (connected() ? " connected" : " NOT connected") + ", its connections: " + history
                        + "; saw " + received.stream().map(r -> r.topic() + " " + r.text()).toList());
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
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void close() {
        closed = true;
        reconnector.shutdownNow();
        try {
            reconnector.awaitTermination(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException ignored) {
            // Test teardown.
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // Test teardown.
        }
    }
}
