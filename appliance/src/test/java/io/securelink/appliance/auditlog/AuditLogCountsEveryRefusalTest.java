package io.securelink.appliance.auditlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securelink.appliance.link.LinkState;
import io.securelink.appliance.policy.Verdict;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed audit log counts every refusal: a flood far above any log throttle is written as
 * per-interval summaries whose counts add up exactly to the link's own counters, for policy refusals
 * and for failed handshakes alike.
 */
class AuditLogCountsEveryRefusalTest {
    private static final int REFUSED = 1000;
    private static final int BAD_HANDSHAKES = 60;

    @TempDir
    Path dir;

    @Test
    void aThousandRefusalsAndFailedHandshakesAreSummarisedWithExactCounts() throws Exception {
        new TestPki(dir).server("server");
        int denyPort = FreePorts.next();
        int tlsPort = FreePorts.next();
        long refused;
        long failed;
        try (RunningLifecycle app = RunningLifecycle.start(dir, """
                appliance: { id: audit-flood, site: lab, state-dir: state }
                links:
                  closed-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["10.0.0.0/8"] }
                  open-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(denyPort, tlsPort))) {
            LinkState closed = app.lifecycle.runtime().listeners().get("closed-in").state();
            LinkState open = app.lifecycle.runtime().listeners().get("open-in").state();
            for (int i = 0; i < REFUSED; i++) {
                connectAndSend(denyPort, new byte[] {0x16, 0x03, 0x01});
            }
            for (int i = 0; i < BAD_HANDSHAKES; i++) {
                connectAndSend(tlsPort, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Await.until(() -> closed.admission().counters().get(Verdict.SOURCE_DENIED) == REFUSED, "every refusal counted by the link");
            Await.until(() -> total(open) == BAD_HANDSHAKES, "every failed handshake counted by the link");
            refused = closed.admission().counters().get(Verdict.SOURCE_DENIED);
            failed = total(open);
        }
        Path current = dir.resolve("state").resolve("audit").resolve(AuditLogFiles.CURRENT);
        long summarisedRefusals = 0;
        long summarisedFailures = 0;
        for (String line : Files.readAllLines(current, StandardCharsets.UTF_8)) {
            RecordLines.Parsed p = RecordLines.parse(line).orElseThrow();
            if (!p.type().equals("denials-summary")) {
                continue;
            }
            long n = Long.parseLong(p.fields().get("count"));
            if (p.fields().get("event").equals("connection-denied") && p.fields().get("link").equals("closed-in")) {
                summarisedRefusals += n;
            } else if (p.fields().get("event").equals("handshake-failed") && p.fields().get("link").equals("open-in")) {
                summarisedFailures += n;
            }
        }
        assertEquals(REFUSED, refused);
        assertEquals(refused, summarisedRefusals, "refusals in the signed audit log");
        assertEquals(failed, summarisedFailures, "failed handshakes in the signed audit log");
    }

    private static long total(LinkState s) {
        return s.stats().handshakeFailures().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sends {@code first} and waits until the appliance closes the connection (a reset counts as closed). */
    private static void connectAndSend(int port, byte[] first) throws Exception {
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                s.getOutputStream().write(first);
                InputStream in = s.getInputStream();
                while (in.read() != -1) {
                    // drain whatever alert the server sends until it closes
                }
            } catch (SocketException reset) {
                // closed by the appliance
            }
        }
    }
}
