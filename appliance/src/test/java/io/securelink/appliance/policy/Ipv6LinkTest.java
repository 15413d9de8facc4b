package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.event.EventType;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 end to end: a link listens on an IPv6 address, its policy matches IPv6 sources, and on a
 * dual-stack listener an IPv4 client (seen by the kernel as {@code ::ffff:127.0.0.1}) is judged by the
 * IPv4 rules.
 */
class Ipv6LinkTest {
    @TempDir
    Path dir;
    TestPki pki;
    TestPki.Pair voice;
    RunningAppliance app;
    LineEchoBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        pki = new TestPki(dir);
        pki.server("server");
        voice = pki.client("voice", "spiffe://carrier/voice");
        backend = new LineEchoBackend();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        backend.close();
    }

    private void start(String listenHost, String sources) throws Exception {
        app = RunningAppliance.start(dir, """
                appliance: { id: v6-test, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: "%s:%d"
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: [%s] }
                """.formatted(listenHost, FreePorts.next(), backend.port(), sources));
    }

    private Processes.Result send(String address, String line) {
        return OpensslClient.sendTo(address, voice.cert(), voice.key(), pki.caFile(), line);
    }

    private long count(Verdict v) {
        return app.runtime.listeners().get("voice-in").state().admission().counters().get(v);
    }

    @Test
    void anIpv6ListenerRelaysForAnAllowedIpv6Source() throws Exception {
        start("[::1]", "\"::1/128\"");
        Processes.Result r = send("[::1]:" + app.port("voice-in"), "over-v6");
        assertTrue(r.stdout().contains("echo:over-v6"), r.all());
        assertEquals(1, count(Verdict.ALLOWED));
    }

    @Test
    void anIpv6SourceOutsideTheIpv4OnlyListIsDenied() throws Exception {
        start("[::1]", "\"127.0.0.0/8\"");
        Processes.Result r = send("[::1]:" + app.port("voice-in"), "not-me");
        assertFalse(r.stdout().contains("echo:"), r.all());
        app.events.await(e -> e.type() == EventType.CONNECTION_DENIED && e.remote().contains("::1"), "v6 source denied");
        assertEquals(1, count(Verdict.SOURCE_DENIED));
        assertEquals(0, backend.accepted());
    }

    @Test
    void onADualStackListenerAnIpv4ClientIsJudgedByTheIpv4Rules() throws Exception {
        start("[::]", "\"127.0.0.0/8\"");
        int port = app.port("voice-in");
        Processes.Result v4 = send("127.0.0.1:" + port, "mapped");
        assertTrue(v4.stdout().contains("echo:mapped"), v4.all());
        Processes.Result v6 = send("[::1]:" + port, "native-v6");
        assertFalse(v6.stdout().contains("echo:"), v6.all());
        assertEquals(1, count(Verdict.ALLOWED));
        assertEquals(1, count(Verdict.SOURCE_DENIED));
    }
}
