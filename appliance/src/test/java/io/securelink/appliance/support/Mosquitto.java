package io.securelink.appliance.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker as a child process on a free loopback port, from a generated config: persistence
 * on (so a restart keeps retained messages and persistent sessions, as a production broker would), and
 * optionally a TLS listener that requires a client certificate. Tests using it are skipped (with the
 * reason) only when the {@code mosquitto} binary is absent; CI installs it (.ci/apt.d/mqtt.txt).
 */
public final class Mosquitto implements TestBroker {
    private final Path dir;
    private final Path conf;
    private final int port;
    private final boolean tls;
    private Process process;

    /** TLS listener files: the broker's chain and key, and the CA its clients' certificates must chain to. */
    public record Tls(Path certificate, Path key, Path clientCa) {
    }

    private Mosquitto(Path dir, java.util.Optional<Tls> tls) {
        this(dir, tls, "allow_anonymous true\n");
    }

    private Mosquitto(Path dir, java.util.Optional<Tls> tls, String access) {
        this.dir = dir;
        this.port = FreePorts.next();
        this.tls = tls.isPresent();
        this.conf = dir.resolve("mosquitto.conf");
        StringBuilder c = new StringBuilder();
        c.append("user root\n");
        c.append("per_listener_settings false\n");
        c.append(access);
        c.append("persistence true\n");
        c.append("persistence_location ").append(dir.toAbsolutePath()).append("/\n");
        c.append("autosave_interval 1\n");
        c.append("max_queued_messages 100000\n");
        c.append("log_dest file ").append(dir.resolve("mosquitto.log").toAbsolutePath()).append('\n');
        c.append("log_type all\n");
        c.append("listener ").append(port).append(" 127.0.0.1\n");
        tls.ifPresent(t -> {
            c.append("certfile ").append(t.certificate().toAbsolutePath()).append('\n');
            c.append("keyfile ").append(t.key().toAbsolutePath()).append('\n');
            c.append("cafile ").append(t.clientCa().toAbsolutePath()).append('\n');
            c.append("require_certificate true\n");
            c.append("tls_version tlsv1.2\n");
        });
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, c.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean available() {
        return binary() != null;
    }

    private static String binary() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Starts a plain listener; skips the calling test when Mosquitto is not installed. */
    public static Mosquitto start(Path dir) {
        return start(dir, java.util.Optional.empty());
    }

    public static Mosquitto start(Path dir, java.util.Optional<Tls> tls) {
        Assumptions.assumeTrue(available(), "mosquitto is not installed (apt-get install mosquitto; CI installs it): "
                + "skipping the tests against a real Mosquitto");
        Mosquitto m = new Mosquitto(dir, tls);
        m.launch();
        return m;
    }

    /**
     * A plain listener whose access rules are {@code access} (e.g. {@code allow_anonymous false},
     * {@code password_file}, {@code acl_file} lines); skips the calling test when Mosquitto is not installed.
     */
    public static Mosquitto startWithAccess(Path dir, String access) {
        Assumptions.assumeTrue(available(), "mosquitto is not installed (apt-get install mosquitto; CI installs it): "
                + "skipping the tests against a real Mosquitto");
        Mosquitto m = new Mosquitto(dir, java.util.Optional.empty(), access);
        m.launch();
        return m;
    }

    private void launch() {
        try {
            process = new ProcessBuilder(binary(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TestTimeouts.eventMillis());
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + ": " + log());
    }

    public String log() {
        try {
            Path f = dir.resolve("mosquitto.log");
            return Files.exists(f) ? Files.readString(f) : Files.readString(dir.resolve("mosquitto.out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public int port() {
        return port;
    }

    @Override
    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /** SIGTERM: Mosquitto saves its persistence database and exits. */
    @Override
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }
}
