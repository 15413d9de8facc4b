package io.securelink.appliance.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.BrokerKind;
import io.securelink.appliance.support.Mosquitto;
import io.securelink.appliance.support.MqttProbe;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestBroker;
import io.securelink.appliance.support.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Command replies go only to the reply space {@code <prefix>/_cli/...}: a request naming another
 * appliance's topic as its response topic gets no reply and is counted; and the Mosquitto ACL file given
 * in docs/mqtt.md lets an appliance write its own subtree and the reply space, and nothing else.
 */
class ReplyTopicTest {
    private static final String A = "site-042-a";
    private static final String B = "site-042-b";

    @TempDir
    Path dir;

    private static MqttMessage request(String responseTopic, String correlation) {
        MqttMessage m = new MqttMessage("{}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        m.setProperties(p);
        return m;
    }

    @ParameterizedTest
    @EnumSource(BrokerKind.class)
    void aResponseTopicInAnotherAppliancesSubtreeGetsNoReplyAndIsCounted(BrokerKind kind) throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestBroker broker = kind.start(dir.resolve("broker"))) {
            Path cfg = MqttFixture.config(dir, pki, A, MqttFixture.plain(broker.url(), "30s"));
            StatusTopics a = new StatusTopics(MqttFixture.PREFIX, "hendon", A);
            StatusTopics b = new StatusTopics(MqttFixture.PREFIX, "hendon", B);
            try (MqttProbe probe = MqttProbe.subscribe(broker.url(), MqttFixture.PREFIX + "/#");
                 RunningLifecycle app = new RunningLifecycle(cfg)) {
                probe.await(a.state(), "state", "online");
                probe.publish(a.command("version"), request(b.state(), "foreign"));
                app.events.await(e -> e.type() == EventType.COMMAND_SERVED && e.message().contains("outside the reply space"), "refused");
                // A proper request afterwards is answered: so the foreign one had its chance and got nothing.
                probe.publish(a.command("version"), request(a.replySpace() + "noc/reply", "proper"));
                probe.await(r -> r.topic().equals(a.replySpace() + "noc/reply"), "the reply in the reply space");
                assertTrue(probe.on(b.state()).isEmpty(), "nothing was published into " + b.base() + ": " + probe.on(b.state()));
                assertEquals(1, app.events.all().stream().filter(e -> e.type() == EventType.COMMAND_SERVED
                        && "false".equals(e.fields().get("ok")) && e.fields().get("error").contains("outside")).count());
            }
        }
    }

    /** The ACL block of docs/mqtt.md, verbatim. */
    private static String documentedAcl() throws Exception {
        Path doc = Path.of("..", "docs", "mqtt.md");
        String md = Files.readString(doc);
        int start = md.indexOf("```acl\n");
        assertTrue(start >= 0, "docs/mqtt.md has an ```acl block");
        return md.substring(start + 7, md.indexOf("```", start + 7));
    }

    @Test
    void theDocumentedMosquittoAclLetsAnApplianceWriteOnlyItsSubtreeAndTheReplySpace() throws Exception {
        Assumptions.assumeTrue(Mosquitto.available(), "mosquitto is not installed: skipping the ACL test (CI installs it)");
        Path bd = dir.resolve("broker");
        Files.createDirectories(bd);
        Path acl = bd.resolve("securelink.acl");
        Files.writeString(acl, documentedAcl());
        Path passwd = bd.resolve("passwd");
        Processes.ok(bd, "mosquitto_passwd", "-b", "-c", passwd.toString(), "noc", "noc-pw");
        Processes.ok(bd, "mosquitto_passwd", "-b", passwd.toString(), A, "a-pw");
        Processes.ok(bd, "mosquitto_passwd", "-b", passwd.toString(), B, "b-pw");
        Path aPass = dir.resolve("a.pass");
        Files.writeString(aPass, "a-pw");
        Files.setPosixFilePermissions(aPass, PosixFilePermissions.fromString("rw-------"));
        try (Mosquitto broker = Mosquitto.startWithAccess(bd, "allow_anonymous false\npassword_file " + passwd.toAbsolutePath()
                + "\nacl_file " + acl.toAbsolutePath() + "\n")) {
            String port = Integer.toString(broker.port());
            Path cfg = MqttFixture.config(dir, new TestPki(dir), A, MqttFixture.plain(broker.url(), "30s")
                    + "username: " + A + "\npassword-file: a.pass\n");
            StatusTopics a = new StatusTopics(MqttFixture.PREFIX, "hendon", A);
            StatusTopics b = new StatusTopics(MqttFixture.PREFIX, "hendon", B);
            try (RunningLifecycle app = new RunningLifecycle(cfg)) {
                // The appliance, under the ACL, publishes its own state and answers the operator in the reply space.
                Processes.Result state = Processes.run(bd, null, "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-u", "noc", "-P", "noc-pw",
                        "-t", a.state(), "-C", "1", "-W", "15");
                assertTrue(state.stdout().contains("online"), state.all() + broker.log());
                Processes.Result rr = Processes.run(bd, null, "mosquitto_rr", "-h", "127.0.0.1", "-p", port, "-u", "noc", "-P", "noc-pw",
                        "-i", "noc-1", "-t", a.command("version"), "-e", a.replySpace() + "noc-1/reply", "-m", "{}", "-W", "15");
                assertTrue(rr.stdout().contains("\"command\" : \"version\"") || rr.stdout().contains("\"command\":\"version\""), rr.all());
            }
            // With the appliance's credentials, another appliance's subtree is closed; its own is open.
            try (MqttProbe watch = MqttProbe.subscribe(broker.url(), "#", "noc-watch", false, null, "noc", "noc-pw")) {
                for (String topic : new String[] {b.state(), b.events(), a.events()}) {
                    Processes.ok(bd, "mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-u", A, "-P", "a-pw", "-q", "1",
                            "-t", topic, "-m", "probe " + topic);
                }
                watch.await(r -> r.topic().equals(a.events()) && r.text().startsWith("probe"), "own subtree open");
                assertTrue(watch.on(b.state()).stream().noneMatch(r -> r.text().startsWith("probe")), "B's state closed to A");
                assertTrue(watch.on(b.events()).stream().noneMatch(r -> r.text().startsWith("probe")), "B's events closed to A");
            }
        }
    }
}
