package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_server} on a loopback port, started and stopped by the test. The constructor's server
 * answers each line with the line reversed and demands a client certificate from {@code caFile}.
 */
public final class OpensslServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    public OpensslServer(Path cert, Path key, Path caFile, String... extra) throws IOException, InterruptedException {
        this(null, withExtra(List.of("-rev", "-cert", cert.toString(), "-key", key.toString(), "-CAfile", caFile.toString(),
                "-Verify", "2", "-verify_return_error"), extra));
    }

    /**
     * {@code openssl s_server -www} run in {@code dir} with exactly the given TLS options (no client
     * authentication unless they ask for it): a deliberately weak or strong listener for probes.
     */
    public static OpensslServer www(Path dir, String... options) throws IOException, InterruptedException {
        return new OpensslServer(dir, withExtra(List.of("-www"), options));
    }

    private static List<String> withExtra(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all;
    }

    private OpensslServer(Path dir, List<String> options) throws IOException, InterruptedException {
        this.port = FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port));
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        process = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains("ACCEPT")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // Process ended.
            }
        }, "s_server-out");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("openssl s_server did not start: " + output);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
