package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.cli.SecurelinkCommand;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.TestBroker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeat content, remote commands and the {@code fleet}/{@code query} tools against a running
 * appliance and a real Mosquitto: the retained status carries per-link counters (connections, bytes,
 * handshake failures and policy denials by reason), certificate days left and JVM health; the five
 * read-only commands answer on the response topic; anything else, or anything with {@code commands: off},
 * gets an error reply and exit 1 from {@code query}.
 */
class HeartbeatAndCommandsTest {
    @TempDir
    Path dir;

    record Cli(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return StatusJson.parse(out.getBytes(StandardCharsets.UTF_8));
        }
    }

    static synchronized Cli cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new TeeStream(e, err), true, StandardCharsets.UTF_8));
            int code = SecurelinkCommand.execute(args);
            return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }
    }

    /** The appliance refuses by closing (or resetting) the connection. */
    private static void readUntilClosed(Socket s) throws java.io.IOException {
        s.setSoTimeout(5000);
        try {
            s.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
            // Reset is how a refusal may look from here.
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void theRetainedHeartbeatCarriesLinkCountersCertificatesAndJvmHealth(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-hb", MqttFixture.plain(broker.url(), "1s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-hb");
            try (RunningLifecycle app = new RunningLifecycle(cfg);
                 MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.status())) {
                int port = app.port("edge-in");
                // A source on the deny list, and a client that speaks no TLS.
                try (Socket denied = new Socket()) {
                    denied.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                    denied.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    readUntilClosed(denied);
                } catch (java.net.SocketException resetWhileConnecting) {
                    // The refusal (close with linger 0) can reach us before connect() returns.
                }
                try (Socket plain = new Socket("127.0.0.1", port)) {
                    plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    readUntilClosed(plain);
                }
                app.events.await(EventType.CONNECTION_DENIED);
                JsonNode st = probe.await(m -> {
                    JsonNode l = m.json().path("links").path(0);
                    return l.path("policy-denials").path("source-denied").asLong() >= 1
                            && !l.path("handshake-failures").isEmpty();
                }, "a heartbeat counting the denial and the failed handshake").json();
                assertEquals("site-hb", st.path("appliance").asText());
                assertEquals("hendon", st.path("site").asText());
                assertEquals(app.lifecycle.config().digest(), st.path("config-digest").asText());
                assertEquals(1, st.path("heartbeat-seconds").asLong());
                assertEquals(1, st.path("links-up").asInt());
                assertEquals(1, st.path("links-total").asInt());
                JsonNode link = st.path("links").path(0);
                assertEquals("edge-in", link.path("name").asText());
                assertEquals("server", link.path("mode").asText());
                assertEquals("up", link.path("state").asText());
                assertTrue(link.path("total-connections").asLong() >= 1, link.toString());
                assertTrue(link.has("live-connections") && link.has("bytes-from-remote") && link.has("bytes-to-remote"), link.toString());
                assertTrue(link.path("own-certificate-days-left").asLong() >= 360, link.toString());
                assertTrue(link.path("peer-certificate-days-left").isNull(), "no peer verified yet");
                assertTrue(st.path("nearest-certificate-days-left").asLong() >= 360);
                JsonNode jvm = st.path("jvm");
                assertTrue(jvm.path("heap-used-bytes").asLong() > 0, jvm.toString());
                assertTrue(jvm.path("heap-max-bytes").asLong() > 0, jvm.toString());
                assertTrue(jvm.path("threads").asInt() > 5, jvm.toString());
                assertTrue(jvm.path("open-files").asLong() > 3, jvm.toString());
                assertTrue(st.path("journal").has("pending") && st.path("journal").has("dropped"));
                assertTrue(st.path("alerts-last-hour").asLong() >= 1, "the denial is a warning: " + st);
                assertTrue(probe.on(topics.status()).stream().allMatch(m -> m.json().has("time")));
            }
            // Retained: the last heartbeat is there for a subscriber that comes later.
            try (MqttProbe late = MqttProbe.subscribe(broker.url(), topics.status())) {
                assertTrue(late.await(m -> true, "retained status").retained());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void readOnlyCommandsAnswerAndAnythingElseIsRefused(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-cmd", MqttFixture.plain(broker.url(), "30s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-cmd");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.state());
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                probe.await(topics.state(), "state", "online");
                String digest = app.lifecycle.config().digest();

                Cli status = cli("query", "--broker", broker.url(), "site-cmd", "status");
                assertEquals(0, status.exit(), status.err());
                JsonNode s = status.json();
                assertTrue(s.path("ok").asBoolean());
                assertEquals("status", s.path("command").asText());
                assertEquals("edge-in", s.path("result").path("links").path(0).path("name").asText());
                assertEquals(digest, s.path("result").path("config-digest").asText());
                assertTrue(s.path("result").path("transport").asText().matches("(io_uring|epoll|nio)\\b.*"), s.toString());

                Cli links = cli("query", "--broker", broker.url(), "--site", "hendon", "site-cmd", "links");
                assertEquals(0, links.exit(), links.err());
                assertEquals("up", links.json().path("result").path(0).path("state").asText());

                Cli certs = cli("query", "--broker", broker.url(), "site-cmd", "certs");
                assertEquals(0, certs.exit(), certs.err());
                JsonNode own = certs.json().path("result").path(0);
                assertEquals("edge-in", own.path("owner").asText());
                assertEquals("own", own.path("role").asText());
                assertTrue(own.path("pin").asText().startsWith("sha256/"));
                assertTrue(own.path("days-left").asLong() >= 360);

                Cli dg = cli("query", "--broker", broker.url(), "site-cmd", "config-digest");
                assertEquals(0, dg.exit(), dg.err());
                assertEquals(digest, dg.json().path("result").path("config-digest").asText());

                Cli version = cli("query", "--broker", broker.url(), "site-cmd", "version");
                assertEquals(0, version.exit(), version.err());
                assertFalse(version.json().path("result").path("version").asText().isEmpty());

                Cli reboot = cli("query", "--broker", broker.url(), "site-cmd", "reboot");
                assertEquals(1, reboot.exit(), reboot.out());
                assertFalse(reboot.json().path("ok").asBoolean());
                assertTrue(reboot.json().path("error").asText().contains("unknown command 'reboot'"), reboot.out());

                Cli nobody = cli("query", "--broker", broker.url(), "--timeout", "1s", "no-such-appliance", "status");
                assertEquals(1, nobody.exit());
                assertTrue(nobody.err().contains("has no state"), nobody.err());

                // Served commands are audited, and none of them changed anything.
                app.events.await(e -> e.type() == EventType.COMMAND_SERVED && e.fields().get("command").equals("reboot"), "reboot refused");
                assertEquals(digest, app.lifecycle.config().digest());
                assertTrue(app.lifecycle.runtime().listeners().get("edge-in").isAccepting());
            }
        }
    }

    /**
     * A flood of command requests (300 at once, 64 KiB of junk each) is bounded: at most 10 a second are answered and 16
     * wait, the rest are dropped unanswered, said in a rate-limited command-served event and counted in the heartbeat, so
     * answered + dropped is exactly what was sent; heartbeats go on meanwhile and nothing changes. Before, every request
     * waited with its payload in an unbounded queue and was answered, logged and audited one by one.
     */
    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void aFloodOfCommandRequestsIsBoundedCountedAndDoesNotStopTheHeartbeat(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-flood", MqttFixture.plain(broker.url(), "1s"));
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-flood");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.status());
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                probe.await(r -> r.topic().equals(topics.status()), "a first heartbeat");
                String digest = app.lifecycle.config().digest();
                int sent = 300;
                byte[] junk = new byte[64 * 1024];
                new java.util.Random(3).nextBytes(junk);
                for (int i = 0; i < sent; i++) {
                    org.eclipse.paho.mqttv5.common.MqttMessage m = new org.eclipse.paho.mqttv5.common.MqttMessage(junk);
                    org.eclipse.paho.mqttv5.common.packet.MqttProperties p = new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
                    p.setResponseTopic(topics.replySpace() + "flood");
                    m.setProperties(p);
                    m.setQos(0);
                    probe.publish(topics.command("status"), m);
                }
                app.events.await(e -> e.type() == EventType.COMMAND_SERVED && "rate-limited".equals(e.fields().get("error")), "a rate-limited report");
                // Every request is accounted for: answered one by one, or counted as dropped in the heartbeat.
                probe.await(r -> r.topic().equals(topics.status())
                        && answered(app) + r.json().path("command-requests").path("dropped").asLong() == sent, "heartbeat: answered + dropped = " + sent);
                assertTrue(answered(app) <= sent - 100, "most of the flood was dropped, " + answered(app) + " answered");
                assertEquals(digest, app.lifecycle.config().digest());
            }
        }
    }

    private static long answered(RunningLifecycle app) {
        return app.events.of(EventType.COMMAND_SERVED).stream().filter(e -> !e.fields().containsKey("dropped")).count();
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void withCommandsOffEveryCommandGetsAnErrorReply(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, "site-off", MqttFixture.plain(broker.url(), "30s") + "commands: off\n");
            StatusTopics topics = new StatusTopics(MqttFixture.PREFIX, "hendon", "site-off");
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), topics.state());
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                probe.await(topics.state(), "state", "online");
                for (String c : List.of("status", "version", "reboot")) {
                    Cli r = cli("query", "--broker", broker.url(), "site-off", c);
                    assertEquals(1, r.exit(), r.out() + r.err());
                    assertFalse(r.json().path("ok").asBoolean());
                    assertTrue(r.json().path("error").asText().contains("commands are off"), r.out());
                    assertFalse(r.json().has("result"));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void fleetOnceJsonShowsEachApplianceWithStateHeartbeatLinksAlertsAndCertificates(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path a = MqttFixture.config(dir, pki, "site-a", MqttFixture.plain(broker.url(), "1s"));
            Path b = MqttFixture.config(dir, pki, "site-b", MqttFixture.plain(broker.url(), "1s"));
            List<RunningLifecycle> apps = new ArrayList<>();
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/+/+/status")) {
                apps.add(new RunningLifecycle(a));
                apps.add(new RunningLifecycle(b));
                probe.await(m -> m.topic().contains("/site-a/"), "site-a heartbeat");
                probe.await(m -> m.topic().contains("/site-b/"), "site-b heartbeat");
                apps.get(1).close();
                apps.remove(1);
                Cli fleet = cli("fleet", "--broker", broker.url(), "--once", "--json", "--wait", "1s");
                assertEquals(0, fleet.exit(), fleet.err());
                JsonNode rows = fleet.json();
                assertEquals(2, rows.size(), rows.toString());
                JsonNode ra = rows.get(0);
                assertEquals("hendon", ra.path("site").asText());
                assertEquals("site-a", ra.path("appliance").asText());
                assertEquals("online", ra.path("state").asText());
                assertFalse(ra.path("stale").asBoolean(), ra.toString());
                assertTrue(ra.path("heartbeat-age-seconds").asLong() <= 3, ra.toString());
                assertEquals(1, ra.path("links-up").asInt());
                assertEquals(1, ra.path("links-total").asInt());
                assertTrue(ra.path("nearest-certificate-days-left").asLong() >= 360);
                assertTrue(ra.has("alerts-last-hour"));
                JsonNode rb = rows.get(1);
                assertEquals("site-b", rb.path("appliance").asText());
                assertEquals("offline", rb.path("state").asText());

                Cli table = cli("fleet", "--broker", broker.url(), "--once", "--wait", "1s");
                assertEquals(0, table.exit(), table.err());
                assertTrue(table.out().lines().anyMatch(l -> l.startsWith("hendon") && l.contains("site-a") && l.contains("online")
                        && l.contains("1/1")), table.out());
            } finally {
                apps.forEach(RunningLifecycle::close);
            }
        }
    }
}
