package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.Await;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.ManyEchoBackend;
import io.securelink.appliance.support.RunningLifecycle;
import io.securelink.appliance.support.TestPki;
import io.securelink.appliance.support.TestTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of a config with many links, while keep-alive traffic and new connections run through several
 * of them, costs no request: every keep-alive connection stays up and answers every request, every new
 * connection is served, before, during and after reloads that change a loaded link's policy, add a link
 * and remove another. (The bench's bench/many-links.sh does the same with 200 links.)
 */
class ReloadUnderLoadTest {
    static final int SERVER_LINKS = 50;
    /** Server links that carry the load, each through its own client-mode link of the same appliance. */
    static final int[] LOADED = {0, 16, 33, 49};

    @TempDir
    Path dir;
    RunningLifecycle app;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> workers = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        stop.set(true);
        for (Thread t : workers) {
            t.join(TestTimeouts.eventMillis());
        }
        if (app != null) {
            app.close();
        }
    }

    private static String serverLink(int i, int[] ports, int backend, String policy) {
        return """
                  s%02d:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pin-certificates: [site.crt] }
                    policy: { %s }
                """.formatted(i, ports[i], backend, policy);
    }

    /** {@code policy0} for link s00; {@code added}/{@code removed}: a server link index added or left out (-1: none). */
    private String config(int[] ports, int[] clientPorts, int backend, String policy0, int added, int removed) {
        StringBuilder b = new StringBuilder("appliance: { id: reload-load, site: lab, state-dir: state, watch-config: false }\nlinks:\n");
        String plain = "sources: [\"127.0.0.0/8\"], max-connections: 500";
        for (int i = 0; i < SERVER_LINKS; i++) {
            if (i != removed) {
                b.append(serverLink(i, ports, backend, i == 0 ? policy0 : plain));
            }
        }
        if (added >= 0) {
            b.append(serverLink(added, ports, backend, plain));
        }
        for (int k = 0; k < LOADED.length; k++) {
            b.append("""
                      c%d:
                        mode: client
                        listen: 127.0.0.1:%d
                        connect: ["127.0.0.1:%d"]
                        tls: { certificate: site.crt, key: site.key, trust: ca.crt, pin-certificates: [server.crt] }
                        policy: { sources: ["127.0.0.0/8"] }
                    """.formatted(k, clientPorts[k], ports[LOADED[k]]));
        }
        return b.toString();
    }

    @Test
    void reloadsOfFiftyLinksUnderKeepAliveAndNewConnectionsCostNoRequest() throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        pki.client("site", "spiffe://site/042");
        // FreePorts.next() may hand out a port twice (it only checks the port is free now): keep distinct ones.
        java.util.Set<Integer> distinct = new java.util.LinkedHashSet<>();
        while (distinct.size() < SERVER_LINKS + 1 + LOADED.length) {
            distinct.add(FreePorts.next());
        }
        int[] all = distinct.stream().mapToInt(Integer::intValue).toArray();
        int[] ports = java.util.Arrays.copyOfRange(all, 0, SERVER_LINKS + 1);
        int[] clientPorts = java.util.Arrays.copyOfRange(all, SERVER_LINKS + 1, all.length);
        try (ManyEchoBackend backend = new ManyEchoBackend()) {
            String before = "sources: [\"127.0.0.0/8\"], max-connections: 500";
            app = RunningLifecycle.start(dir, config(ports, clientPorts, backend.port(), before, -1, -1));

            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong keepAliveRequests = new AtomicLong();
            AtomicLong newConnections = new AtomicLong();
            List<AtomicLong> perConnection = new ArrayList<>();
            for (int k = 0; k < LOADED.length; k++) {
                for (int c = 0; c < 2; c++) {
                    AtomicLong count = new AtomicLong();
                    perConnection.add(count);
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", clientPorts[k]), (int) TestTimeouts.eventMillis());
                    s.setSoTimeout((int) TestTimeouts.eventMillis());
                    String name = "c" + k + "/" + c;
                    worker("keep-alive " + name, () -> keepAlive(s, name, count, keepAliveRequests, failures));
                }
            }
            worker("new connections", () -> newConnections(clientPorts[0], newConnections, failures));

            awaitProgress(perConnection, newConnections, "load before the first reload");
            String after = "sources: [\"127.0.0.0/8\", \"10.0.0.0/8\"], max-connections: 400";
            app.rewrite(config(ports, clientPorts, backend.port(), after, -1, -1));
            ApplianceLifecycle.ReloadOutcome first = app.lifecycle.reload("test: policy of a loaded link");
            assertTrue(first.applied(), first.toString());
            assertEquals(400, app.lifecycle.runtime().listeners().get("s00").state().snapshot().config().policy().maxConnections(),
                    "the new policy is in force on s00");
            awaitProgress(perConnection, newConnections, "load after the policy reload");

            app.rewrite(config(ports, clientPorts, backend.port(), after, SERVER_LINKS, 25));
            ApplianceLifecycle.ReloadOutcome second = app.lifecycle.reload("test: a link added, another removed");
            assertTrue(second.applied(), second.toString());
            assertTrue(app.lifecycle.runtime().listeners().containsKey("s" + SERVER_LINKS), "the added link listens");
            assertTrue(!app.lifecycle.runtime().listeners().containsKey("s25"), "the removed link is gone");
            awaitProgress(perConnection, newConnections, "load after adding and removing links");

            stop.set(true);
            for (Thread t : workers) {
                t.join(TestTimeouts.eventMillis());
            }
            assertEquals(List.of(), List.copyOf(failures), "requests lost across the reloads");
            assertTrue(keepAliveRequests.get() > 0 && newConnections.get() > 0);
        }
    }

    private void worker(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        workers.add(t);
        t.start();
    }

    /** Waits until every keep-alive connection and the new-connection worker have each done 20 more. */
    private static void awaitProgress(List<AtomicLong> perConnection, AtomicLong newConnections, String what) throws InterruptedException {
        long[] from = perConnection.stream().mapToLong(AtomicLong::get).toArray();
        long fromNew = newConnections.get();
        Await.until(() -> {
            for (int i = 0; i < from.length; i++) {
                if (perConnection.get(i).get() < from[i] + 20) {
                    return false;
                }
            }
            return newConnections.get() >= fromNew + 20;
        }, what);
    }

    /** Sequential requests on one connection; the connection must never fail or answer wrongly. */
    private void keepAlive(Socket s, String name, AtomicLong count, AtomicLong total, Queue<String> failures) {
        try (s) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (long i = 0; !stop.get(); i++) {
                String req = "ka " + name + " " + i + "\n";
                String got = roundTrip(out, in, req);
                if (!req.equals(got)) {
                    failures.add(name + " request " + i + ": got " + got);
                    return;
                }
                count.incrementAndGet();
                total.incrementAndGet();
            }
        } catch (IOException e) {
            failures.add(name + ": " + e);
        }
    }

    /** A new connection (so a new mTLS handshake between the links) per request, for as long as the test runs. */
    private void newConnections(int port, AtomicLong count, Queue<String> failures) {
        for (long i = 0; !stop.get(); i++) {
            String req = "new " + i + "\n";
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestTimeouts.eventMillis());
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                String got = roundTrip(s.getOutputStream(), s.getInputStream(), req);
                if (!req.equals(got)) {
                    failures.add("new connection " + i + ": got " + got);
                    return;
                }
                count.incrementAndGet();
            } catch (IOException e) {
                failures.add("new connection " + i + ": " + e);
                return;
            }
        }
    }

    private static String roundTrip(OutputStream out, InputStream in, String req) throws IOException {
        out.write(req.getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] want = req.getBytes(StandardCharsets.UTF_8);
        byte[] got = new byte[want.length];
        int n = 0;
        while (n < got.length) {
            int r = in.read(got, n, got.length - n);
            if (r < 0) {
                return new String(got, 0, n, StandardCharsets.UTF_8) + "<EOF>";
            }
            n += r;
        }
        return new String(got, StandardCharsets.UTF_8);
    }
}
