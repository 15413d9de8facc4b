package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.LineEchoBackend;
import io.securelink.appliance.support.OpensslClient;
import io.securelink.appliance.support.Processes;
import io.securelink.appliance.support.RunningAppliance;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport choice (epoll by default, NIO where it does not load; io_uring only when asked for with
 * {@code -Dsecurelink.transport}) and
 * an mTLS client relayed end to end by the real {@code openssl s_client} on each transport.
 */
class TransportTest {
    @TempDir
    Path dir;
    RunningAppliance appliance;
    LineEchoBackend backend;

    @AfterEach
    void clear() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
        if (backend != null) {
            backend.close();
        }
        System.clearProperty("securelink.transport");
        System.clearProperty("securelink.transport.nio");
    }

    @Test
    void epollIsChosenByDefaultAsTheUnitRunsItAndIoUringOnlyWhenAskedFor() {
        Transport.Choice c = Transport.choose();
        Transport.Kind expected = Epoll.isAvailable() ? Transport.Kind.EPOLL : Transport.Kind.NIO;
        assertEquals(expected, c.kind(), c.describe());
        if (expected != Transport.Kind.EPOLL) {
            assertTrue(c.describe().contains("epoll unavailable"), "says why epoll is not used: " + c.describe());
        }
        System.setProperty("securelink.transport", "io_uring");
        Transport.Kind asked = IoUring.isAvailable() ? Transport.Kind.IO_URING : expected;
        assertEquals(asked, Transport.choose().kind(), Transport.choose().describe());
    }

    @Test
    void anAskedForTransportIsUsedAndSaidToBeChosen() {
        System.setProperty("securelink.transport", "nio");
        assertEquals("nio (chosen by securelink.transport)", Transport.choose().describe());
        System.setProperty("securelink.transport", "epoll");
        Assumptions.assumeTrue(Epoll.isAvailable(), "epoll native transport loads here");
        assertEquals("epoll (chosen by securelink.transport)", Transport.choose().describe());
    }

    @Test
    void theOlderNioSwitchStillWorks() {
        System.setProperty("securelink.transport.nio", "true");
        assertEquals(Transport.Kind.NIO, Transport.choose().kind());
    }

    @Test
    void anUnknownTransportFallsBackToTheBestAndSaysSo() {
        System.setProperty("securelink.transport", "kqueue");
        Transport.Choice c = Transport.choose();
        assertTrue(c.describe().contains("securelink.transport=kqueue is not io_uring, epoll or nio"), c.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void anMtlsClientIsRelayedOnEachTransport(String kind) throws Exception {
        Assumptions.assumeTrue(switch (kind) {
            case "io_uring" -> IoUring.isAvailable();
            case "epoll" -> Epoll.isAvailable();
            default -> true;
        }, kind + " loads on this machine");
        System.setProperty("securelink.transport", kind);
        TestPki pki = new TestPki(dir);
        pki.server("server");
        TestPki.Pair client = pki.client("voice", "spiffe://carrier/voice");
        backend = new LineEchoBackend();
        appliance = RunningAppliance.start(dir, """
                appliance: { id: test-transport, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, client-auth: required, pins: ["%s"] }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next(), backend.port(), client.pin()));
        assertTrue(appliance.runtime.transport().describe().startsWith(kind + " "), appliance.runtime.transport().describe());
        Processes.Result r = OpensslClient.send(appliance.port("voice-in"), client.cert(), client.key(), pki.caFile(), "hello-" + kind);
        assertTrue(r.stdout().contains("echo:hello-" + kind), r.all());
        assertEquals(1, backend.accepted());
    }
}
