package io.securelink.appliance.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * The probe the MQTT tests wait on comes back after a broker restart by itself, also in the interleaving that
 * made Paho's own automatic reconnect hang for good: the broker goes away while the probe's callback thread is
 * still busy with a message, so its acknowledgement is queued after the connection was torn down (JournalDamageTest
 * stopped the broker the moment the probe received an event). With Paho's automatic reconnect this test fails
 * every time: the probe never connects again.
 */
class MqttProbeTest {
    private static MqttMessage qos1(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    @Test
    void aProbeBusyWithAMessageWhenTheBrokerGoesAwayReconnectsAndGetsWhatWasQueuedForIt() throws Exception {
        try (InJvmBroker broker = InJvmBroker.start();
             MqttProbe noc = MqttProbe.subscribe(broker.url(), "probe-test/#", "noc-busy", true, null)) {
            noc.delayEachDelivery(Duration.ofMillis(300));
            try (MqttProbe publisher = MqttProbe.subscribe(broker.url(), "nothing/here")) {
                publisher.publish("probe-test/1", qos1("before"));
            }
            noc.await(r -> r.text().equals("before"), "the message before the restart");
            broker.restart(); // while the probe's callback still holds 'before', unacknowledged
            try (MqttProbe publisher = MqttProbe.subscribe(broker.url(), "nothing/here")) {
                publisher.publish("probe-test/2", qos1("after"));
            }
            noc.await(r -> r.text().equals("after"), "the message published after the restart, queued in the probe's session");
            assertTrue(noc.connected(), "connected again");
        }
    }
}
