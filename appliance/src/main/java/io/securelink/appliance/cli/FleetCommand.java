package io.securelink.appliance.cli;

import io.securelink.appliance.status.FleetView;
import io.securelink.appliance.status.FleetWatch;
import io.securelink.appliance.status.RemoteBroker;
import io.securelink.appliance.status.StatusJson;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A live table of every appliance reporting under the prefix (subscribes to {@code <prefix>/+/+/#}):
 * site, appliance, state, heartbeat age, links up/total, alerts in the last hour, nearest certificate
 * expiry. {@code --once} prints one snapshot after collecting for {@code --wait}; with {@code --json} as JSON. The live
 * table says when the broker connection is lost and reconnects at every redraw ({@link FleetWatch}).
 */
@Command(name = "fleet", description = "Show every appliance reporting to an MQTT broker (live, or one snapshot: --once, --json).")
final class FleetCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Option(names = "--once", description = "Print one snapshot and exit.")
    boolean once;

    @Option(names = "--json", description = "Print one snapshot as JSON and exit (implies --once: the live table is for a terminal).")
    boolean json;

    @Option(names = "--wait", defaultValue = "2s", converter = BrokerOptions.DurationConverter.class,
            description = "With --once: how long to collect retained state before printing (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--refresh", defaultValue = "1s", converter = BrokerOptions.DurationConverter.class,
            description = "Live mode: redraw interval, and how often a lost broker connection is retried (default: ${DEFAULT-VALUE}).")
    Duration refresh;

    @Override
    public Integer call() throws Exception {
        RemoteBroker.Settings s;
        try {
            s = broker.settings();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        FleetView view = new FleetView(broker.prefix);
        RemoteBroker rb = QueryCommand.connect(s);
        if (rb == null) {
            return 2;
        }
        try (FleetWatch watch = new FleetWatch(s, broker.prefix, view, rb)) {
            // --json alone used to be ignored: a script got the live table's screen-clearing redraws, forever.
            if (once || json) {
                Thread.sleep(wait.toMillis());
                Instant now = Instant.now();
                System.out.print(json ? StatusJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(view.json(now)) + "\n"
                        : view.table(now));
                return 0;
            }
            while (!Thread.currentThread().isInterrupted()) {
                Instant now = Instant.now();
                watch.reconnectIfLost(now);
                System.out.print("\033[H\033[2J" + "securelink fleet " + s.url() + " " + broker.prefix + "  " + now + "\n"
                        + watch.problem(refresh).map(p -> p + "\n").orElse("") + "\n" + view.table(Instant.now()));
                System.out.flush();
                Thread.sleep(refresh.toMillis());
            }
            return 0;
        }
    }
}
