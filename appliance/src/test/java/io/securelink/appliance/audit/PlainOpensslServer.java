package io.securelink.appliance.audit;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.TestTimeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code openssl s_server -www} on a loopback port with the given TLS options and no client authentication. */
final class PlainOpensslServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    PlainOpensslServer(Path dir, String... options) throws IOException, InterruptedException {
        port = FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-www"));
        cmd.addAll(List.of(options));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
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
                // process ended
            }
        }, "s_server-www");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(TestTimeouts.eventMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("openssl s_server did not start: " + output);
        }
    }

    String address() {
        return "127.0.0.1:" + port;
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
