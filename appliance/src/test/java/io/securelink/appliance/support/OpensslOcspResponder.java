package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl ocsp -index index.txt -port P -rsigner S -rkey K -CA C} (it binds every address; tests reach it on 127.0.0.1): the real
 * OCSP responder of an {@link OpensslCa}, answering from its {@code index.txt} (re-read when it changes).
 * Started on the port the CA's certificates name in their AIA; stopped (by its own process) on close.
 */
public final class OpensslOcspResponder implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    /** Signs with {@code signerCert}/{@code signerKey} (the CA itself, a delegate, or a forger). */
    public OpensslOcspResponder(OpensslCa ca, Path signerCert, Path signerKey, String... extra) throws IOException, InterruptedException {
        this.port = ca.ocspPort();
        List<String> cmd = new ArrayList<>(List.of("openssl", "ocsp", "-index", ca.index().toString(), "-port", Integer.toString(port),
                "-rsigner", signerCert.toString(), "-rkey", signerKey.toString(), "-CA", ca.certificate().toString(), "-ignore_err"));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // Process ended.
            }
        }, "openssl-ocsp-out");
        reader.setDaemon(true);
        reader.start();
        // Wait for its ACCEPT line, not by connecting: the responder serves one connection at a time and
        // would sit on an empty probe connection.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TestTimeouts.eventMillis());
        while (!output.toString().contains("ACCEPT")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new AssertionError("openssl ocsp did not start on " + port + ": " + output);
            }
            Thread.sleep(10);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
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
