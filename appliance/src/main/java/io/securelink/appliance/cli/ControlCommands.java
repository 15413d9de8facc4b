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

    static int send(ControlTarget target, String request, boolean failUnlessApplied) {
        Path socket;
        try {
            socket = target.socketPath();
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            String answer = ControlClient.request(socket, request);
            System.out.print(answer);
            return failUnlessApplied && !answer.startsWith("reload applied") ? 1 : 0;
        } catch (IOException e) {
            System.err.println("error: no securelink answering on " + socket + " (" + e.getMessage() + ")");
            return 2;
        }
    }

    @Command(name = "status", description = "Show a running appliance's links, connections and config digest.")
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

    @Command(name = "reload", description = "Make a running appliance re-read its config; a bad config is refused and the running one kept.")
    static final class Reload implements Callable<Integer> {
        @Mixin
        ControlTarget target = new ControlTarget();

        @Override
        public Integer call() {
            return send(target, "reload", true);
        }
    }
}
