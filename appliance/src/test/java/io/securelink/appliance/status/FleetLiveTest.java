package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.cli.SecurelinkCommand;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.InJvmBroker;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code securelink fleet}'s live table across the broker going away and coming back: it says the connection is
 * lost (and that its rows are the last state received), reconnects by itself and shows the appliance again.
 */
class FleetLiveTest {
    @TempDir
    Path dir;

    /** The live table's frames as printed so far (each starts with the terminal's clear-screen sequence). */
    private static final class Screen extends ByteArrayOutputStream {
        synchronized String lastFrame() {
            String all = toString(StandardCharsets.UTF_8);
            int at = all.lastIndexOf("\033[H\033[2J");
            int end = all.lastIndexOf("\033[H\033[2J", at - 1);
            // The last complete frame: the one before the frame being written, when there are two.
            return at < 0 ? "" : end < 0 ? all.substring(at) : all.substring(end, at);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what, Screen screen) throws InterruptedException {
        try {
            Await.until(condition, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last frame:\n" + screen.lastFrame(), e);
        }
    }

    @Test
    void theLiveTableSaysTheBrokerIsGoneAndRecoversWhenItIsBack() throws Exception {
        TestPki pki = new TestPki(dir);
        try (InJvmBroker broker = InJvmBroker.start()) {
            Path cfg = MqttFixture.config(dir, pki, "site-a", MqttFixture.plain(broker.url(), "1s"));
            try (RunningLifecycle app = new RunningLifecycle(cfg)) {
                Screen screen = new Screen();
                PrintStream out = System.out;
                Thread fleet = new Thread(() -> SecurelinkCommand.execute("fleet", "--broker", broker.url(), "--refresh", "100ms"),
                        "fleet-live");
                System.setOut(new PrintStream(screen, true, StandardCharsets.UTF_8));
                try {
                    fleet.start();
                    await(() -> screen.lastFrame().lines().anyMatch(l -> l.contains("site-a") && l.contains("online")),
                            "site-a online in the live table", screen);

                    broker.stop();
                    await(() -> screen.lastFrame().contains("broker connection lost at"),
                            "the live table says the connection is lost", screen);
                    assertTrue(screen.lastFrame().contains("the rows below are the last state received"), screen.lastFrame());
                    assertTrue(screen.lastFrame().contains("site-a"), "the last state stays shown: " + screen.lastFrame());

                    broker.restart();
                    await(() -> {
                        String f = screen.lastFrame();
                        return !f.contains("connection lost") && f.lines().anyMatch(l -> l.contains("site-a") && l.contains("online"));
                    }, "reconnected by itself, site-a online again", screen);
                } finally {
                    fleet.interrupt();
                    fleet.join(TestTimeouts.event().toMillis());
                    System.setOut(out);
                }
            }
        }
    }
}
