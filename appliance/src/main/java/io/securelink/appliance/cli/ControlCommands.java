package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.daemon.ControlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code securelink status} and {@code securelink reload}: requests to a running appliance over its control socket. */
final class ControlCommands {
    private ControlCommands() {
    }

    /** A control socket nobody answers on: the appliance is stopped, or this is not the config it runs with. */
    static String noAnswer(Path socket, IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
            return "error: securelink on " + socket + " took the request but gave " + e.getMessage() + ": it is wedged; "
                    + "look at its log (journalctl -u securelink), and restart it if it stays so";
        }
        return "error: no securelink answering on " + socket + " (" + e.getMessage() + "): it is not running, or it runs "
                + "with another config (start it with `securelink run --config FILE` or `systemctl start securelink`)";
    }

    /**
     * How long an answer may take: a reload builds every link's TLS context (seconds for hundreds of links on a
     * busy box); status and role answer at once. Beyond it the appliance is wedged, and the command says so.
     */
    static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofSeconds(10);
    static final java.time.Duration RELOAD_TIMEOUT = java.time.Duration.ofSeconds(120);

    static int send(ControlTarget target, String request, boolean failUnlessApplied) {
        Path socket;
        try {
            socket = target.socketPath();
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            String answer = ControlClient.request(socket, request, failUnlessApplied ? RELOAD_TIMEOUT : ANSWER_TIMEOUT);
            System.out.print(answer);
            return failUnlessApplied && !answer.startsWith("reload applied") ? 1 : 0;
        } catch (IOException e) {
            System.err.println(noAnswer(socket, e));
            return 2;
        }
    }

    private static int sendRole(ControlTarget target, String request) {
        Path socket;
        try {
            socket = target.socketPath();
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            String answer = ControlClient.request(socket, request, ANSWER_TIMEOUT);
            System.out.print(answer);
            return answer.startsWith("error") ? 1 : 0;
        } catch (IOException e) {
            System.err.println(noAnswer(socket, e));
            return 2;
        }
    }

    @Command(name = "status", description = "Show a running appliance's links, connections and config digest (an appliance that "
            + "gives no answer within 10 s is reported as wedged, exit 2).")
    static final class Status implements Callable<Integer> {
        @Mixin
        ControlTarget target = new ControlTarget();

        @picocli.CommandLine.Option(names = "--json", description = "Print the status as one JSON object (the heartbeat's per-link fields).")
        boolean json;

        @Override
        public Integer call() {
            return send(target, json ? "status json" : "status", false);
        }
    }

    @Command(name = "reload", description = "Make a running appliance re-read its config; a bad config is refused and the running one "
            + "kept (no answer within 2 min: reported as wedged, exit 2).")
    static final class Reload implements Callable<Integer> {
        @Mixin
        ControlTarget target = new ControlTarget();

        @Override
        public Integer call() {
            return send(target, "reload", true);
        }
    }

    @Command(name = "role", description = {
            "Tell a running appliance its HA pair role; keepalived's notify calls this.",
            "Forms: role STATE [INSTANCE], or keepalived's notify arguments role TYPE NAME STATE [PRIORITY].",
            // One element per paragraph: picocli (and the man page) breaks the line after each.
            "STATE: master, backup, fault or stop (any case). Only recorded and reported (status, MQTT heartbeat and "
                    + "event, audit log); it changes no traffic. Exit 0 when recorded, 1 when refused, 2 when no appliance answers."})
    static final class Role implements Callable<Integer> {
        @Mixin
        ControlTarget target = new ControlTarget();

        @picocli.CommandLine.Parameters(arity = "1..4", paramLabel = "ARG", description = "STATE [INSTANCE] or TYPE NAME STATE [PRIORITY]")
        java.util.List<String> args;

        @Override
        public Integer call() {
            String state;
            String instance;
            if (args.size() <= 2) {
                state = args.get(0);
                instance = args.size() == 2 ? args.get(1) : "";
            } else {
                state = args.get(2);
                instance = args.get(1);
            }
            if (io.securelink.appliance.ha.HaRole.parse(state).isEmpty()) {
                System.err.println("error: '" + state + "' is not a role (master, backup, fault or stop)");
                return 1;
            }
            if (!instance.matches("[A-Za-z0-9_.-]{0,64}")) {
                System.err.println("error: instance name '" + instance + "' must be letters, digits, '_', '.', '-'");
                return 1;
            }
            // keepalived starts a notify per transition without waiting: when this process started orders them.
            long at = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                    .orElse(System.currentTimeMillis());
            String request = "role " + state + (instance.isEmpty() ? "" : " " + instance) + " at=" + at;
            return sendRole(target, request);
        }
    }
}
