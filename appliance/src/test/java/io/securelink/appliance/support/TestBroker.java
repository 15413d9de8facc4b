package io.securelink.appliance.support;

/**
 * An MQTT 5 broker a test controls: where it listens, and stopping and restarting it on the same port
 * (keeping persistent sessions and retained messages) to simulate a broker that goes away.
 */
public interface TestBroker extends AutoCloseable {
    /** tcp://127.0.0.1:PORT (or ssl:// for a TLS listener). */
    String url();

    void stop();

    void restart();

    @Override
    void close();
}
