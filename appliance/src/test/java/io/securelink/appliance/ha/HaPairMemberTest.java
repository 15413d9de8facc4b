package io.securelink.appliance.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.securelink.appliance.daemon.ApplianceLifecycle;
import io.securelink.appliance.daemon.ControlClient;
import io.securelink.appliance.event.EventType;
import io.securelink.appliance.runtime.RuntimeStartException;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One member of an active/standby pair, in the test JVM: it listens on a virtual IP it does not hold,
 * publishes its health for keepalived's track_file, and records the role keepalived's notify reports.
 * (The pair itself, with keepalived failing over in namespaces, is .ci/checks.d/80-ha-pair.sh.)
 */
class HaPairMemberTest {
    /** A benchmarking-range address no interface of this host holds; only bound, never sent to. */
    static final String VIRTUAL_IP = "198.18.0.100";

    @TempDir
    Path dir;
    String pin;

    @BeforeEach
    void pki() {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        pin = pki.client("client", "spiffe://x/y").pin();
    }

    private String config(String listenHost, int listenPort, int backendPort, boolean ha) {
        return """
                appliance: { id: ha-a, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: HOST:LPORT
                    forward: 127.0.0.1:BPORT
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["PIN"] }
                    policy: { sources: ["198.18.0.0/15"] }
                """.replace("HOST", listenHost).replace("LPORT", Integer.toString(listenPort))
                .replace("BPORT", Integer.toString(backendPort)).replace("PIN", pin)
                + (ha ? "ha: { health-file: run/health, probe-interval: 100ms, probe-timeout: 300ms }\n" : "");
    }

    private String health() throws Exception {
        Path f = dir.resolve("run/health");
        return Files.exists(f) ? Files.readString(f).strip() : "";
    }

    @Test
    void listensOnAVirtualIpItDoesNotHoldOnlyAsAPairMember() throws Exception {
        assumeTrue(Epoll.isAvailable(), "IP_FREEBIND needs the epoll transport");
        int port = FreePorts.next();
        try (LineEchoBackend backend = new LineEchoBackend()) {
            Files.writeString(dir.resolve("single.yaml"), config(VIRTUAL_IP, port, backend.port(), false));
            ApplianceLifecycle single = new ApplianceLifecycle(dir.resolve("single.yaml"));
            RuntimeStartException e = assertThrows(RuntimeStartException.class, single::init);
            assertTrue(e.getMessage().contains("cannot listen on " + VIRTUAL_IP), e::getMessage);

            try (RunningLifecycle app = RunningLifecycle.start(dir, config(VIRTUAL_IP, port, backend.port(), true))) {
                assertEquals(VIRTUAL_IP, app.bound.get("voice-in").getAddress().getHostAddress());
                assertTrue(app.lifecycle.runtime().listeners().get("voice-in").isAccepting());
            }
        }
    }

    @Test
    void healthFileFollowsTheUpstreamAndTurnsUnhealthyOnStop() throws Exception {
        LineEchoBackend backend = new LineEchoBackend();
        try (RunningLifecycle app = RunningLifecycle.start(dir, config("127.0.0.1", FreePorts.next(), backend.port(), true))) {
            assertEquals("0", health(), "healthy as soon as it serves");
            backend.close();
            var lost = app.events.await(e -> e.type() == EventType.HEALTH_CHANGED && e.fields().get("healthy").equals("false"),
                    "health-changed to unhealthy");
            assertTrue(lost.fields().get("problems").contains("voice-in: no upstream reachable"), lost::toString);
            assertEquals("1", health());
            String status = ControlClient.request(dir.resolve("state/control.sock"), "status");
            assertTrue(status.contains("UNHEALTHY") && status.contains("ha-problem link voice-in"), status);
        }
        assertEquals("1", health(), "a stopping appliance hands the address over before it drains");
    }

    @Test
    void keepalivedsRoleReportsAreRecordedShownAndAudited() throws Exception {
        try (LineEchoBackend backend = new LineEchoBackend();
             RunningLifecycle app = RunningLifecycle.start(dir, config("127.0.0.1", FreePorts.next(), backend.port(), true))) {
            Path sock = dir.resolve("state/control.sock");
            assertTrue(ControlClient.request(sock, "status").contains("ha role unknown"));
            assertEquals("role backup\n", ControlClient.request(sock, "role BACKUP VI_1"));
            assertEquals("role master\n", ControlClient.request(sock, "role master VI_1"));
            assertEquals("role master (unchanged)\n", ControlClient.request(sock, "role master VI_1"));
            assertTrue(ControlClient.request(sock, "role leader").startsWith("error: expected 'role master|backup|fault|stop"));
            // keepalived does not wait for one notify before starting the next: a late, older report is ignored.
            assertEquals("role fault\n", ControlClient.request(sock, "role fault VI_1 at=2000"));
            assertTrue(ControlClient.request(sock, "role backup VI_1 at=1000").contains("ignored"));
            assertEquals("role master\n", ControlClient.request(sock, "role master VI_1 at=3000"));
            String status = ControlClient.request(sock, "status");
            assertTrue(status.contains("ha role master since") && status.contains("changes 3 healthy"), status);
            assertEquals(4, app.events.of(EventType.ROLE_CHANGED).size());
            assertEquals("master", app.lifecycle.status().ha().orElseThrow().role());
            Await.until(() -> {
                try {
                    String log = Files.readString(dir.resolve("state/audit/audit.log"));
                    return log.contains("\"role-changed\"") && log.contains("\"to\":\"master\"");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, "role-changed in the audit log");
        }
    }
}
