package io.securelink.appliance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.status.RemoteBroker;
import io.securelink.appliance.status.StatusJson;
import io.securelink.appliance.status.StatusTopics;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sends one read-only command to an appliance over MQTT 5 (response topic and correlation data) and prints
 * the JSON reply. Exit 0 on an {@code ok} reply, 1 on an error reply or no reply within the timeout, 2 when
 * the broker cannot be reached or the options are wrong.
 */
@Command(name = "query", description = "Ask an appliance over MQTT: status, links, certs, config-digest or version.")
final class QueryCommand implements Callable<Integer> {
    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Option(names = "--site", description = "The appliance's site; found from its retained state message when omitted.")
    String site;

    @Parameters(index = "0", paramLabel = "APPLIANCE-ID", description = "The appliance's appliance.id.")
    String applianceId;

    @Parameters(index = "1", paramLabel = "COMMAND", description = "status, links, certs, config-digest or version.")
    String command;

    @Override
    public Integer call() throws Exception {
        RemoteBroker.Settings s;
        try {
            s = broker.settings();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try (RemoteBroker rb = connect(s)) {
            if (rb == null) {
                return 2;
            }
            Optional<RemoteBroker.RetainedState> state = rb.stateOf(broker.prefix, applianceId, s.timeout());
            if (state.isPresent() && state.get().offline() && (site == null || site.equals(state.get().site()))) {
                // Its last will or its clean stop: nobody is there to answer, so do not wait for a reply.
                JsonNode st = state.get().json();
                System.err.println("error: appliance " + applianceId + " is offline since " + st.path("time").asText("an unknown time")
                        + " (" + st.path("reason").asText("no reason given") + "); nothing will answer until it is back online");
                return 1;
            }
            Optional<String> where = site != null ? Optional.of(site) : state.map(RemoteBroker.RetainedState::site);
            if (where.isEmpty()) {
                System.err.println("error: appliance " + applianceId + " has no state under " + broker.prefix
                        + "/+/" + applianceId + " (never connected, wrong --prefix?); give --site to ask anyway");
                return 1;
            }
            JsonNode reply;
            try {
                reply = rb.request(new StatusTopics(broker.prefix, where.get(), applianceId), command, s.timeout());
            } catch (TimeoutException e) {
                System.err.println("error: no reply from " + applianceId + " within " + s.timeout().toSeconds() + "s");
                return 1;
            }
            System.out.println(StatusJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(reply));
            if (!reply.path("ok").asBoolean()) {
                System.err.println("error: " + reply.path("error").asText("error reply"));
                return 1;
            }
            return 0;
        }
    }

    static RemoteBroker connect(RemoteBroker.Settings s) {
        try {
            return RemoteBroker.connect(s);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("error: cannot connect to " + s.url() + ": " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : ""));
            return null;
        }
    }
}
