package io.securelink.appliance.status;

import io.securelink.appliance.config.StatusConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's one MQTT 5 session, run by its own thread so that nothing on the data plane ever waits
 * for a broker. It connects to the configured brokers in turn with exponential backoff and jitter,
 * registers {@code offline} as the retained last will on {@code state}, publishes the retained birth
 * message on every connect, subscribes to the command topics, and drains the {@link EventJournal} in
 * order (QoS 1, a bounded window in flight), acknowledging each event in the journal only once the broker
 * has acknowledged it. After a reconnect it resumes from the first unacknowledged event, so a subscriber
 * sees every event in sequence order (at least once; a PUBACK lost with the connection means a repeat of
 * the same sequence number). The in-flight bookkeeping is {@link DeliveryWindow}'s, the connect options
 * (will, credentials, TLS) are {@link MqttSessionOptions}'.
 */
public final class MqttUplink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** Handles one request on {@code cmd/<name>}; called on the uplink's command thread, never on the data plane. */
    @FunctionalInterface
    public interface CommandHandler {
        void request(String name, MqttMessage message);
    }

    private final StatusConfig cfg;
    private final StatusTopics topics;
    private final EventJournal journal;
    private final Supplier<byte[]> birth;
    private final byte[] will;
    private final MqttSessionOptions sessionOptions;
    private final Backoff backoff;
    private final CommandHandler commands;
    private final DeliveryWindow window = new DeliveryWindow();
    private final Thread thread;

    private volatile boolean stopping;
    private volatile MqttAsyncClient client;
    private volatile String broker = "";
    private volatile byte[] latestStatus;
    private volatile boolean birthPending;
    private int brokerIndex;

    public MqttUplink(StatusConfig cfg, StatusTopics topics, EventJournal journal, Supplier<byte[]> birth, byte[] will,
                      Optional<SSLSocketFactory> tls, Backoff backoff, CommandHandler commands) {
        this.cfg = cfg;
        this.topics = topics;
        this.journal = journal;
        this.birth = birth;
        this.will = will;
        this.sessionOptions = new MqttSessionOptions(cfg, topics, will, tls);
        this.backoff = backoff;
        this.commands = commands;
        this.thread = new Thread(this::run, "sl-mqtt-uplink");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** New events are in the journal (or something else changed): the uplink thread looks again. */
    public void wake() {
        window.signal();
    }

    /** Publishes {@code payload} retained on {@code status} now if connected, else as soon as a broker is reached. */
    public void publishStatus(byte[] payload) {
        latestStatus = payload;
        MqttAsyncClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.publish(topics.status(), message(payload, true));
            } catch (MqttException e) {
                LOG.debug("status not published: {}", e.toString());
            }
        }
    }

    /** Re-publishes the birth message (e.g. after a reload changed the config digest). */
    public void republishBirth() {
        birthPending = true;
        wake();
    }

    /** Sends a command reply to {@code topic} with the request's correlation data. */
    public void reply(String topic, byte[] correlation, byte[] payload) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            LOG.warn("command reply to {} lost: not connected", topic);
            return;
        }
        MqttMessage m = message(payload, false);
        MqttProperties p = new MqttProperties();
        if (correlation != null) {
            p.setCorrelationData(correlation);
        }
        p.setContentType("application/json");
        m.setProperties(p);
        try {
            c.publish(topic, m);
        } catch (MqttException e) {
            LOG.warn("command reply to {} not sent: {}", topic, e.toString());
        }
    }

    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    public String broker() {
        return broker;
    }

    static MqttMessage message(byte[] payload, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        return m;
    }

    private void pause(Duration d) {
        if (!window.pause(d, () -> stopping)) {
            stopping = true;
        }
    }

    private void run() {
        while (!stopping) {
            try {
                if (!isConnected() || window.isLost()) {
                    if (!connectOnce()) {
                        pause(backoff.nextDelay());
                        continue;
                    }
                    backoff.reset();
                }
                if (birthPending) {
                    birthPending = false;
                    client.publish(topics.state(), message(birth.get(), true));
                }
                pump();
                if (!window.await(Duration.ofMillis(500))) {
                    stopping = true;
                }
            } catch (MqttException | IOException | RuntimeException e) {
                if (!stopping) {
                    LOG.warn("MQTT uplink to {}: {}", broker, e.toString());
                    pause(backoff.nextDelay());
                }
            }
        }
    }

    /** Tries the next broker in the list; true when connected, subscribed and born. */
    private boolean connectOnce() {
        closeClient();
        List<String> brokers = cfg.brokers();
        String uri = brokers.get(brokerIndex % brokers.size());
        brokerIndex++;
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(uri, cfg.clientId(), new MemoryPersistence());
            long gen = window.reset(journal.acknowledged());
            c.setCallback(new Callback(gen));
            IMqttToken t = c.connect(sessionOptions.forBroker(uri));
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(15));
            window.fitTo(t.getResponseProperties() == null ? null : t.getResponseProperties().getReceiveMaximum());
            client = c;
            broker = uri;
            LOG.info("MQTT connected to {} as {}", uri, cfg.clientId());
            c.publish(topics.state(), message(birth.get(), true));
            birthPending = false;
            c.subscribe(topics.commandFilter(), 1).waitForCompletion(TimeUnit.SECONDS.toMillis(15));
            byte[] st = latestStatus;
            if (st != null) {
                c.publish(topics.status(), message(st, true));
            }
            return true;
        } catch (MqttException | IOException | RuntimeException e) {
            LOG.warn("MQTT broker {} not reachable: {}", uri, describe(e));
            if (c != null) {
                try {
                    c.disconnectForcibly(0, 1000, false);
                } catch (MqttException ignored) {
                    // Not connected in the first place.
                }
                try {
                    c.close(true);
                } catch (MqttException ignored) {
                    // Already closed.
                }
            }
            client = null;
            return false;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            // TLS exceptions repeat their cause's message (a pin refusal names every certificate): say it once.
            if (c.getMessage() == null || !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c);
            }
        }
        return sb.toString();
    }

    /** Publishes journal entries after the last one sent, keeping at most the broker's receive maximum (64 at most) in flight. */
    private void pump() throws IOException, MqttException {
        while (!stopping) {
            DeliveryWindow.Round round = window.next();
            if (round == null || round.room() <= 0) {
                return;
            }
            long gen = round.generation();
            List<EventJournal.Entry> batch = journal.readAfter(round.from(), round.room());
            if (batch.isEmpty()) {
                return;
            }
            MqttAsyncClient c = client;
            for (EventJournal.Entry e : batch) {
                if (!window.claim(gen, e.seq())) {
                    return;
                }
                try {
                    c.publish(topics.events(), message(e.payload(), false), e.seq(), new Delivered(gen));
                } catch (MqttException ex) {
                    window.unclaim(gen, e.seq());
                    if (ex.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        return; // the broker's receive maximum is reached: wait for acknowledgements
                    }
                    throw ex;
                }
            }
        }
    }

    private final class Delivered implements MqttActionListener {
        private final long gen;

        Delivered(long gen) {
            this.gen = gen;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            long ackTo = window.delivered(gen, (Long) token.getUserContext());
            if (ackTo < 0) {
                return;
            }
            try {
                journal.acknowledge(ackTo);
            } catch (IOException e) {
                LOG.warn("cannot record delivery of event {} in the journal: {}", ackTo, e.toString());
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            window.lost(gen);
        }
    }

    private final class Callback implements MqttCallback {
        private final long gen;

        Callback(long gen) {
            this.gen = gen;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!stopping) {
                LOG.warn("MQTT connection to {} lost: {}", broker, response);
            }
            window.lost(gen);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error from {}: {}", broker, exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String prefix = topics.base() + "/" + StatusTopics.CMD + "/";
            if (topic.startsWith(prefix)) {
                String name = topic.substring(prefix.length());
                commands.request(name, message); // a CommandIntake: queues it for its own thread, never blocks here
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Delivery is tracked per publish by Delivered.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // Connection progress is driven by the uplink thread.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is configured.
        }
    }

    /**
     * Waits up to {@code flush} for journalled events to be delivered, publishes {@code offline} retained on
     * {@code state}, and disconnects normally (so the broker discards the will).
     */
    public void stop(byte[] offline, Duration flush) {
        long deadline = System.nanoTime() + flush.toNanos();
        while (isConnected() && journal.stats().pending() > 0 && System.nanoTime() < deadline) {
            wake();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        window.signal();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttAsyncClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.publish(topics.state(), message(offline, true)).waitForCompletion(5000);
                c.disconnect(2000).waitForCompletion(3000);
            } catch (MqttException e) {
                LOG.warn("clean MQTT stop incomplete: {}", e.toString());
            }
        }
        closeClient();
    }

    private void closeClient() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException ignored) {
            // Going away anyway.
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        stop(will, Duration.ZERO);
    }
}
