package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.daemon.ApplianceLifecycle;
import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that tightens a link's rate applies at once to sources the link has already seen: the
 * per-source bucket is rebuilt with the new rate, not kept with the old one.
 */
class RateReloadTest {
    @TempDir
    Path dir;

    private static String config(int port, String rate) {
        return """
                appliance: { id: rate-reload, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    timeouts: { handshake: 1s }
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"], rate: %s }
                """.formatted(port, rate);
    }

    @Test
    void tighteningTheRateByReloadAppliesToASourceAlreadySeen() throws Exception {
        new TestPki(dir).server("server");
        int port = FreePorts.next();
        try (RunningLifecycle app = RunningLifecycle.start(dir, config(port, "{ per-source: 1000/s, burst: 1000 }"))) {
            DecisionCounters c = app.lifecycle.runtime().listeners().get("edge-in").state().admission().counters();
            attempt(port, 5);
            Await.until(() -> c.get(Verdict.ALLOWED) == 5, "the source is seen under the loose rate");

            app.rewrite(config(port, "{ per-source: 1/h, burst: 1 }"));
            ApplianceLifecycle.ReloadOutcome o = app.lifecycle.reload("test");
            assertTrue(o.applied(), o.toString());

            attempt(port, 50);
            Await.until(() -> c.get(Verdict.ALLOWED) + c.get(Verdict.RATE_LIMITED) == 55, "all 50 attempts after the reload decided");
            assertEquals(1, c.get(Verdict.ALLOWED) - 5, "connections let through after the reload to 1/h burst 1");
            assertEquals(49, c.get(Verdict.RATE_LIMITED));
        }
    }

    private static void attempt(int port, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
                s.shutdownOutput();
            } catch (SocketException refusedBeforeWeWrote) {
                // A rate-limited attempt is reset on accept; the reset may reach our write. Counted by the link.
            }
        }
    }
}
