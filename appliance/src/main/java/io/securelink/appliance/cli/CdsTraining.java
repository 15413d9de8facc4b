package io.securelink.appliance.cli;

import io.securelink.appliance.daemon.ApplianceLifecycle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run for the class data sharing (AppCDS) archive that makes the CLI and the daemon start
 * fast: in one JVM it runs the common commands ({@code version}, {@code --help}, {@code check-config},
 * {@code pin}, {@code status}, {@code policy explain}, {@code audit}) and starts, serves and stops a
 * two-link lab appliance on free loopback ports (a request relayed through both link modes, so across one
 * mutual-TLS handshake, and a connection that closes without TLS), so the archive holds the classes both
 * paths load.
 *
 * <pre>java -XX:ArchiveClassesAtExit=securelink.jsa -cp securelink.jar io.securelink.appliance.cli.CdsTraining WORKDIR</pre>
 *
 * The archive is then used with {@code -XX:SharedArchiveFile=securelink.jsa} by the launcher and the
 * unit; the JVM ignores it silently when it was made by another JVM build. WORKDIR is written to
 * (a throw-away dev PKI and state folder) and may be deleted afterwards.
 *
 * <p>{@code CdsTraining --cli WORKDIR} trains the smaller archive of the command line alone (see
 * {@link CliCdsTraining}): the launcher starts from that one, since a JVM relocates every archived class
 * it maps on each start, whether the command uses it or not.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--cli")) {
            CliCdsTraining.run(Files.createDirectories(Path.of(args[1]).toAbsolutePath()));
            System.out.println("CDS training (command line only) done in " + args[1]);
            System.exit(0);
        }
        if (args.length != 1) {
            System.err.println("usage: CdsTraining [--cli] WORKDIR");
            System.exit(2);
        }
        Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        Path config = work.resolve("securelink.yaml");
        int in = freePort();
        int out = freePort();
        int backend = freePort();
        Files.writeString(config, trainingConfig("cds-training", in, backend, out));
        quietly(() -> {
            SecurelinkCommand.execute("--version");
            SecurelinkCommand.execute("--help");
            SecurelinkCommand.execute("version");
            SecurelinkCommand.execute("check-config", "--config", config.toString());
            ApplianceLifecycle daemon = new ApplianceLifecycle(config);
            daemon.init();
            daemon.start();
            // A connection that closes before any TLS byte (a port scanner, a TCP health check): the
            // handshake-failure path (its event throttle and the audit log's denial counts), which every
            // appliance behind a load balancer takes from its first seconds.
            try (Socket scan = new Socket("127.0.0.1", in)) {
                scan.shutdownOutput();
            } catch (IOException ignored) {
                // training only
            }
            try (ServerSocket echo = new ServerSocket(backend)) {
                Thread t = new Thread(() -> echoOnce(echo), "cds-echo");
                t.setDaemon(true);
                t.start();
                try (Socket s = new Socket("127.0.0.1", out)) {
                    s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    s.setSoTimeout(10_000);
                    s.getInputStream().read(new byte[6]);
                } catch (IOException ignored) {
                    // training only: a failed relay still loaded the classes of the attempt
                }
            }
            SecurelinkCommand.execute("status", "--config", config.toString());
            SecurelinkCommand.execute("pin", work.resolve("state/dev-pki/server.crt").toString());
            SecurelinkCommand.execute("check-config", "--config", config.toString());
            SecurelinkCommand.execute("policy", "explain", "--config", config.toString(), "--link", "t-in", "--source", "127.0.0.1");
            SecurelinkCommand.execute("audit", "--config", config.toString());
            daemon.stop();
            daemon.destroy();
            // A second start on the same state: the audit log now resumes its chain (reads and checks the
            // last record), the path every start after the first one takes.
            ApplianceLifecycle again = new ApplianceLifecycle(config);
            again.init();
            again.start();
            again.stop();
            again.destroy();
        });
        System.out.println("CDS training done in " + work);
        System.exit(0);
    }

    /**
     * The two-link lab config both training runs use (a server link {@code t-in} and a client link
     * {@code t-out} on the dev PKI of {@code state/}), on the given loopback ports: every setting
     * {@code lab/securelink.yaml} uses, so the code that reads each of them (its lambdas among it) is in the
     * archive and a command on the lab or an appliance config like it does not spin them at start.
     */
    static String trainingConfig(String id, int in, int backend, int out) {
        return """
                appliance: { id: %s, site: build, state-dir: state, dev-pki: true }
                links:
                  t-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls:
                      certificate: state/dev-pki/server.crt
                      key: state/dev-pki/server.key
                      trust: state/dev-pki/ca.crt
                      client-auth: required
                      pin-certificates: [state/dev-pki/client-leaf.crt]
                      peers: ["uri:spiffe://securelink.lab/client"]
                    timeouts: { handshake: 10s, connect: 3s, idle: 300s, drain: 5s }
                    policy:
                      sources: ["127.0.0.0/8", "::1/128"]
                      max-connections: 200
                      max-connections-per-source: 100
                      rate: { per-source: 50/s, burst: 100 }
                      max-handshakes-in-flight: 64
                  t-out:
                    mode: client
                    listen: 127.0.0.1:%d
                    connect: ["127.0.0.1:%d"]
                    tls:
                      certificate: state/dev-pki/client.crt
                      key: state/dev-pki/client.key
                      trust: state/dev-pki/ca.crt
                      pin-certificates: [state/dev-pki/server-leaf.crt]
                      peers: ["dns:localhost", "ip:127.0.0.1"]
                    timeouts: { handshake: 10s, connect: 3s, idle: 300s, drain: 5s }
                    policy: { sources: ["127.0.0.0/8"], max-connections: 200, max-connections-per-source: 100 }
                """.formatted(id, in, backend, out, in);
    }

    /** A training step that may throw. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} with standard output and error discarded (the commands' own output is not wanted). */
    static void quietly(Step step) throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            step.run();
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
    }

    private static void echoOnce(ServerSocket server) {
        try (Socket s = server.accept()) {
            byte[] b = new byte[64];
            int n = s.getInputStream().read(b);
            if (n > 0) {
                s.getOutputStream().write(b, 0, n);
            }
        } catch (IOException ignored) {
            // training only
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
