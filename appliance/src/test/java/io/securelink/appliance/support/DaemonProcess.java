package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code securelink run --config FILE} as its own JVM, as a user starts it (the jar's classes): stdout
 * lines are collected, the log (stderr) goes to a file the test reads. {@link #close()} sends SIGTERM and
 * waits for the exit.
 */
public final class DaemonProcess implements AutoCloseable {
    /** How long a start may take: a new JVM, TLS contexts, on a box shared with other builds. */
    public static final long START_MILLIS = 3 * TestTimeouts.eventMillis();
    public final Process process;
    public final Path log;
    private final List<String> stdout = new CopyOnWriteArrayList<>();

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // process gone
            }
        }, "daemon-stdout");
        t.setDaemon(true);
        t.start();
    }

    /** Starts {@code run --config config} with {@code env} added to the environment; does not wait. */
    public static DaemonProcess start(Path config, Map<String, String> env, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand",
                "run", "--config", config.toString()));
        Path log = config.resolveSibling(config.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    /** Waits until {@code run} says it is running (every link listening); a JVM start may take long on a loaded box. */
    public DaemonProcess awaitRunning() throws InterruptedException {
        Await.until(() -> stdout.stream().anyMatch(l -> l.startsWith("securelink running")) || !process.isAlive(),
                "securelink running on stdout", START_MILLIS);
        if (!process.isAlive()) {
            throw new AssertionError("run exited " + process.exitValue() + ": " + stdout + "\n" + logText());
        }
        return this;
    }

    /** Waits for the exit; returns the exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("run did not exit: " + logText());
        }
        return process.exitValue();
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, then waits for the exit (drain included). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
