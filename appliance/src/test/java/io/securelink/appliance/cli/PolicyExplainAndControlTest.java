package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.securelink.appliance.status.StatusJson;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security team's view of policy ({@code policy explain}) and the operator's control of a running
 * appliance over its local socket ({@code status}, {@code reload}).
 */
class PolicyExplainAndControlTest {
    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair voice;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(dir);
        pki.server("server");
        voice = pki.client("voice", "spiffe://carrier/voice");
        config = dir.resolve("securelink.yaml");
        Files.writeString(config, """
                appliance: { id: explain, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                    policy:
                      sources: ["10.20.0.0/16", "127.0.0.0/8"]
                      deny-sources: ["10.20.9.0/24"]
                      routes:
                        - peers: ["uri:spiffe://carrier/voice"]
                          forward: 127.0.0.1:5060
                """.formatted(FreePorts.next(), voice.pin()));
    }

    record Run(int code, String out) {
    }

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = SecurelinkCommand.execute(args);
            return new Run(rc, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void explainNamesTheDenyRuleForADeniedSource() {
        Run r = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "10.20.9.4");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("source 10.20.9.4: source-denied by deny-sources 10.20.9.0/24"), r.out());
        assertTrue(r.out().contains("decision: denied"), r.out());
    }

    @Test
    void explainWithAPeerCertificateChecksPinsAndRoute() {
        Run r = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "10.20.1.1",
                "--peer-cert", voice.cert().toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("route: forward to 127.0.0.1:5060 by routes[0] uri:spiffe://carrier/voice"), r.out());
        assertTrue(r.out().contains("key exchange: offers [X25519MLKEM768, X25519, P-256] (post-quantum preferred; a classical-only peer gets X25519)"), r.out());
    }

    @Test
    void explainRefusesAnUnpinnedCertificateAsTheHandshakeWould() {
        TestPki.Pair other = pki.client("other", "spiffe://carrier/voice");
        Run r = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "127.0.0.1",
                "--peer-cert", other.cert().toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("decision: denied (pin-failed"), r.out());
    }

    @Test
    void explainJsonGivesTheVerdictEachStepThePinAndTheRouteOfAnAllowedPeer() throws Exception {
        Run r = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "10.20.1.1",
                "--peer-cert", voice.cert().toString(), "--json");
        assertEquals(0, r.code(), r.out());
        JsonNode j = StatusJson.parse(r.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("allowed", j.path("verdict").asText(), r.out());
        assertEquals("forward to 127.0.0.1:5060", j.path("reason").asText(), r.out());
        assertEquals("voice-in", j.path("link").asText());
        assertEquals("server", j.path("mode").asText());
        assertEquals("10.20.1.1", j.path("source").asText());
        assertTrue(j.path("identity").asText().contains("uri:spiffe://carrier/voice"), r.out());
        assertEquals(voice.pin(), j.path("pin").asText(), r.out());
        assertEquals("127.0.0.1:5060", j.path("route").path("to").asText(), r.out());
        assertEquals("routes[0] uri:spiffe://carrier/voice", j.path("route").path("rule").asText(), r.out());
        List<String> steps = new ArrayList<>();
        j.path("steps").forEach(s -> steps.add(s.path("step").asText() + "=" + s.path("decision").asText()));
        assertEquals(List.of("source=allowed", "limits=info", "key-exchange=info", "peer=allowed", "route=allowed"), steps, r.out());
        assertEquals("allowed by sources 10.20.0.0/16", j.path("steps").get(0).path("detail").asText(), r.out());
    }

    @Test
    void explainJsonGivesTheDenyingStepAndReasonOfADeniedSourceAndAnUnpinnedPeer() throws Exception {
        Run src = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "10.20.9.4", "--json");
        assertEquals(1, src.code(), src.out());
        JsonNode j = StatusJson.parse(src.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("denied", j.path("verdict").asText(), src.out());
        assertEquals("deny-sources 10.20.9.0/24", j.path("reason").asText(), src.out());
        assertEquals(1, j.path("steps").size(), src.out());
        assertEquals("denied", j.path("steps").get(0).path("decision").asText(), src.out());
        assertTrue(j.path("route").isNull() && j.path("pin").isNull() && j.path("identity").isNull(), src.out());

        TestPki.Pair other = pki.client("other", "spiffe://carrier/voice");
        Run peer = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "127.0.0.1",
                "--peer-cert", other.cert().toString(), "--json");
        assertEquals(1, peer.code(), peer.out());
        JsonNode p = StatusJson.parse(peer.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("denied", p.path("verdict").asText(), peer.out());
        assertTrue(p.path("reason").asText().startsWith("pin-failed: "), peer.out());
        JsonNode last = p.path("steps").get(p.path("steps").size() - 1);
        assertEquals("peer", last.path("step").asText(), peer.out());
        assertEquals("denied", last.path("decision").asText(), peer.out());
    }

    @Test
    void explainWithAnIdentityWithoutARouteSaysNoRoute() {
        Run r = run("policy", "explain", "--config", config.toString(), "--link", "voice-in", "--source", "127.0.0.1",
                "--peer", "dns:gw9.example.net");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("decision: denied (no-route)"), r.out());
    }

    @Test
    void statusAndReloadTalkToTheRunningApplianceOverItsControlSocket() throws Exception {
        try (RunningLifecycle app = new RunningLifecycle(config)) {
            Path socket = dir.resolve("state").resolve("control.sock");
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            Run status = run("status", "--config", config.toString());
            assertEquals(0, status.code(), status.out());
            assertTrue(status.out().contains("config digest " + app.lifecycle.config().digest()), status.out());
            assertTrue(status.out().contains("link voice-in server listen 127.0.0.1:"), status.out());
            assertTrue(status.out().contains("accepting live 0"), status.out());
            assertTrue(status.out().matches("(?s).*\n  post-quantum (offered|required|NONE[^\n]*) groups-offered \\[[^\n]*\\] live-pq 0 of 0 .*"),
                    "the key-exchange line labels the offered groups as the JSON does (groups-offered): " + status.out());
            assertTrue(status.out().matches("(?s).*\ntransport (io_uring|epoll|nio).*"), "status names the transport: " + status.out());

            Files.writeString(config, Files.readString(config).replace("10.20.9.0/24", "10.20.8.0/24"));
            Run reload = run("reload", "--config", config.toString());
            assertEquals(0, reload.code(), reload.out());
            // Applied by this reload, or already by the file watcher (then the reply says when and what): either way it names the change.
            assertTrue(reload.out().startsWith("reload applied: "), reload.out());
            assertTrue(reload.out().contains("links changed: voice-in (policy)"), reload.out());

            Files.writeString(config, Files.readString(config).replace("mode: server", "mode: sideways"));
            Run refused = run("reload", "--config", config.toString());
            assertEquals(1, refused.code(), refused.out());
            assertTrue(refused.out().contains("'sideways' is not a mode"), refused.out());
        }
    }

    @Test
    void aReloadAfterTheWatcherAppliedTheFileSaysWhenWhichFileAndWhatChanged() throws Exception {
        try (RunningLifecycle app = new RunningLifecycle(config)) {
            app.rewrite(Files.readString(config).replace("10.20.9.0/24", "10.20.7.0/24"));
            var applied = app.events.await(io.securelink.appliance.event.EventType.RELOAD_APPLIED);
            assertTrue(applied.message().contains("file changed: " + config.toRealPath()), applied.message());
            Run reload = run("reload", "--config", config.toString());
            assertEquals(0, reload.code(), reload.out());
            assertTrue(reload.out().startsWith("reload applied: unchanged: the running config already is this file (applied "), reload.out());
            assertTrue(reload.out().contains(" by file changed: " + config.toRealPath() + ": links changed: voice-in (policy))"), reload.out());
        }
    }

    @Test
    void withWatchConfigFalseOnlyAnAskedReloadAppliesAndSaysWhatChanged() throws Exception {
        Files.writeString(config, Files.readString(config).replace("state-dir: state }", "state-dir: state, watch-config: false }"));
        try (RunningLifecycle app = new RunningLifecycle(config)) {
            app.rewrite(Files.readString(config).replace("10.20.9.0/24", "10.20.7.0/24").replace("pins: [", "pins: [ "));
            Run reload = run("reload", "--config", config.toString());
            assertEquals(0, reload.code(), reload.out());
            assertTrue(reload.out().startsWith("reload applied: links changed: voice-in (policy)"), reload.out());
            assertTrue(app.events.of(io.securelink.appliance.event.EventType.RELOAD_APPLIED).stream()
                    .allMatch(e -> e.message().contains("(control socket)")), "nothing reloaded on the file change alone");
        }
    }
}
