package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.TestTimeouts;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * {@link CommandIntake} hands the answering thread a name that is safe to print: a topic level may hold a newline
 * (a forged log line in the log and the audit log), a bidirectional override, or 64 KiB of text; real command names
 * pass unchanged.
 */
class CommandIntakeTest {
    @Test
    void aCommandNameReachesTheAnswererEscapedAndCut() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        CommandIntake intake = new CommandIntake((name, m) -> seen.complete(name), new CollectingEventSink());
        try {
            intake.request("evil\n2026-11-27T08:00:00.000Z WARN forged\u202e" + "A".repeat(3000), new MqttMessage());
            String name = seen.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
            assertFalse(name.contains("\n") || name.contains("\u202e"), name);
            assertTrue(name.startsWith("evil\\u000a2026-11-27T08:00:00.000Z WARN forged\\u202e"), name);
            assertTrue(name.endsWith("...(3042 characters)"), name);
            assertTrue(name.length() < 150, name);
        } finally {
            intake.shutdown();
        }
        assertEquals("status", CommandIntake.printable("status"));
        assertEquals("config-digest", CommandIntake.printable("config-digest"));
    }
}
