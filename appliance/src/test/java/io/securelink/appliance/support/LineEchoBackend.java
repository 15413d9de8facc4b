package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plaintext backend on loopback that answers each connection's first line with {@code echo:LINE}
 * and then closes, so a TLS client test can read one reply and finish. Counts connections.
 */
public final class LineEchoBackend implements AutoCloseable {
    private final LoopbackSocketServer server;

    public LineEchoBackend() throws IOException {
        server = new LoopbackSocketServer("line-echo", 50, LineEchoBackend::answer);
    }

    public int port() {
        return server.port();
    }

    public int accepted() {
        return server.accepted();
    }

    private static void answer(Socket s) {
        try (s) {
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = s.getOutputStream();
            out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // The client went away; nothing to answer.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
