package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.StreamBackend;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonController;
import org.apache.commons.daemon.DaemonInitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Commons Daemon entry point as jsvc drives it: init binds every listener (so privileged ports work
 * before privileges are dropped), start serves, stop refuses new connections but lets a running
 * transfer finish within the drain time, destroy releases everything; a bad config fails init.
 */
class DaemonLifecycleTest {
    @TempDir
    Path dir;

    static DaemonContext context(String... args) {
        return new DaemonContext() {
            @Override
            public DaemonController getController() {
                return null;
            }

            @Override
            public String[] getArguments() {
                return args;
            }
        };
    }

    @Test
    void stopDrainsARunningTransferAndRefusesNewConnections() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        pki.client("site", "spiffe://site/042");
        int in = FreePorts.next();
        int out = FreePorts.next();
        try (StreamBackend backend = new StreamBackend(StreamBackend.Mode.SINK, false)) {
            Path cfg = dir.resolve("securelink.yaml");
            Files.writeString(cfg, """
                    appliance: { id: daemon-test, site: lab, state-dir: state }
                    links:
                      edge-in:
                        mode: server
                        listen: 127.0.0.1:%d
                        forward: 127.0.0.1:%d
                        tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] }
                        timeouts: { drain: 10s }
                        policy: { sources: ["127.0.0.0/8"] }
                      edge-out:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%1$d"]
                        tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt] }
                        timeouts: { drain: 10s }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(in, backend.port(), out));
            SecurelinkDaemon daemon = new SecurelinkDaemon();
            daemon.init(context("--config", cfg.toString()));
            assertThrows(BindException.class, () -> new ServerSocket(in, 1, InetAddress.getLoopbackAddress()).close(),
                    "init has bound the listener");
            daemon.start();

            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", out), (int) TestTimeouts.eventMillis());
            OutputStream os = s.getOutputStream();
            byte[] chunk = new byte[256 * 1024];
            os.write(chunk);
            backend.connected().get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(daemon::stop);
            // While stopping: no new connections, but the live one keeps flowing.
            io.securelink.appliance.support.Await.until(() -> {
                try (Socket probe = new Socket()) {
                    // Probe the server link: a raw TCP probe there ends in a failed handshake, not a relayed chain.
                    probe.connect(new InetSocketAddress("127.0.0.1", in), 1000);
                    return false;
                } catch (ConnectException refused) {
                    return true;
                } catch (java.io.IOException other) {
                    return false;
                }
            }, "new connections refused during stop");
            for (int i = 0; i < 40; i++) {
                os.write(chunk);
            }
            s.shutdownOutput();
            StreamBackend.Received r = backend.received().get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
            assertEquals(41L * chunk.length, r.bytes(), "the transfer running at stop completed");
            s.close();
            stopped.get(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS);
            daemon.destroy();
        }
    }

    @Test
    void anInvalidConfigFailsInitWithTheCheckConfigMessages() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "appliance: { id: ok, site: lab, state-dir: state }\nlinks:\n  x:\n    mode: server\n");
        SecurelinkDaemon daemon = new SecurelinkDaemon();
        DaemonInitException e = assertThrows(DaemonInitException.class, () -> daemon.init(context("--config", cfg.toString())));
        assertTrue(e.getMessage().contains("links.x.listen: is required"), e.getMessage());
        daemon.destroy();
    }
}
