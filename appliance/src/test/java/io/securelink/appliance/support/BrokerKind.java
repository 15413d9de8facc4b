package io.securelink.appliance.support;

import java.nio.file.Path;

/**
 * The brokers every MQTT behaviour is tested against: a real Mosquitto child process (skipped with a
 * message where it is not installed; CI installs it) and the in-JVM broker that runs anywhere.
 */
public enum BrokerKind {
    MOSQUITTO,
    IN_JVM;

    public TestBroker start(Path dir) {
        return switch (this) {
            case MOSQUITTO -> Mosquitto.start(dir);
            case IN_JVM -> InJvmBroker.start();
        };
    }
}
