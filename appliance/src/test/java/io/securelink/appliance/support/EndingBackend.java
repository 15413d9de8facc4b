package io.securelink.appliance.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A plaintext peer (backend, or the local client of a client-mode link) that ends its connection one
 * way and reports how the other side ended. {@code CLEAN}: sends 19 bytes, shuts down its write side
 * (FIN) and reads to the end. {@code ABORT}: sends 19 bytes, then closes with SO_LINGER 0 (RST).
 * {@code LISTEN}: sends nothing and reads to the end. The outcome is {@code EOF n} or {@code RESET n}.
 */
public final class EndingBackend implements AutoCloseable {
    public enum Mode { CLEAN, ABORT, LISTEN }

    public static final byte[] NINETEEN = "nineteen bytes, end".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final CompletableFuture<String> outcome = new CompletableFuture<>();

    public EndingBackend(Mode mode) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                outcome.complete(end(s, mode));
            } catch (IOException e) {
                outcome.complete("ERROR " + e);
            }
        }, "ending-backend");
        t.setDaemon(true);
        t.start();
    }

    /** Ends {@code s} as {@code mode} says and reports how the other side ended. */
    public static String end(Socket s, Mode mode) throws IOException {
        s.setSoTimeout((int) TestTimeouts.eventMillis());
        if (mode != Mode.LISTEN) {
            s.getOutputStream().write(NINETEEN);
            s.getOutputStream().flush();
        }
        if (mode == Mode.ABORT) {
            s.setSoLinger(true, 0);
            s.close();
            return "ABORTED";
        }
        if (mode == Mode.CLEAN) {
            s.shutdownOutput();
        }
        return readToEnd(s.getInputStream());
    }

    public static String readToEnd(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        try {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
            return "EOF " + n;
        } catch (SocketException e) {
            return "RESET " + n;
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public CompletableFuture<String> outcome() {
        return outcome;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
