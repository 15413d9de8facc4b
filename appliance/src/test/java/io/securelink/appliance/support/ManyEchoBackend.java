package io.securelink.appliance.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A plaintext backend on loopback that echoes every byte of every connection, for as many connections
 * and as long as the clients keep them: the far end of keep-alive traffic through many links at once.
 */
public final class ManyEchoBackend implements AutoCloseable {
    private final LoopbackSocketServer server;

    public ManyEchoBackend() throws IOException {
        server = new LoopbackSocketServer("many-echo", 200, ManyEchoBackend::echo);
    }

    public int port() {
        return server.port();
    }

    public int accepted() {
        return server.accepted();
    }

    private static void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // The relay went away; nothing to echo.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
