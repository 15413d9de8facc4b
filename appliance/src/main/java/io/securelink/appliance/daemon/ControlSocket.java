package io.securelink.appliance.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control channel: a Unix domain socket in the state folder, mode 0660, so only root and the
 * service group can use it. One request line per connection ({@code status}, {@code status json},
 * {@code reload}), one text answer, then close. Served on its own thread, never an event loop, one connection at a
 * time: a client gets {@link #READ_MILLIS} to send its line and {@link #WRITE_MILLIS} to take the answer, then it is
 * cut ({@code sl-control-deadline}), so a silent or stopped client cannot hold up {@code status}, {@code reload} or
 * keepalived's {@code role} (before, one connection that sent nothing blocked them all for as long as it stayed open).
 */
public final class ControlSocket implements AutoCloseable {
    public static final String FILE_NAME = "control.sock";
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    private static final int MAX_REQUEST = 256;
    static final long READ_MILLIS = 2_000;
    static final long WRITE_MILLIS = 10_000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final java.util.concurrent.ScheduledExecutorService deadline;

    private ControlSocket(Path path, ServerSocketChannel server, Function<String, String> handler) {
        this.path = path;
        this.server = server;
        this.deadline = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sl-control-deadline");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(() -> serve(handler), "sl-control");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static Path pathIn(Path stateDir) {
        return stateDir.resolve(FILE_NAME);
    }

    /** Binds the socket (replacing a stale one left by a crashed process) and starts serving. */
    public static ControlSocket open(Path stateDir, Function<String, String> handler) throws IOException {
        Files.createDirectories(stateDir);
        Path path = pathIn(stateDir);
        if (Files.exists(path)) {
            if (ControlClient.isAlive(path)) {
                throw new IOException("another securelink is already serving " + path);
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        return new ControlSocket(path, server, handler);
    }

    public Path path() {
        return path;
    }

    private void serve(Function<String, String> handler) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                String request = within(client, READ_MILLIS, () -> readLine(client), "send its request line");
                String answer;
                try {
                    answer = handler.apply(request);
                } catch (RuntimeException e) {
                    LOG.error("control request '{}' failed", request, e);
                    answer = "error: " + e.getMessage() + "\n";
                }
                ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
                within(client, WRITE_MILLIS, () -> {
                    while (out.hasRemaining()) {
                        client.write(out);
                    }
                    return null;
                }, "take the answer");
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket: {}", e.toString());
                }
            }
        }
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    /** Runs {@code step} on {@code client}, closing the connection if it takes longer than {@code millis}. */
    private <T> T within(SocketChannel client, long millis, Step<T> step, String what) throws IOException {
        java.util.concurrent.ScheduledFuture<?> cut = deadline.schedule(() -> {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing is all there is to do
            }
        }, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return step.run();
        } catch (java.nio.channels.AsynchronousCloseException late) {
            throw new IOException("a client did not " + what + " within " + millis + " ms; its connection was closed");
        } finally {
            cut.cancel(false);
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            int n = client.read(buf);
            if (n < 0) {
                break;
            }
            byte[] seen = buf.array();
            boolean newline = false;
            for (int i = 0; i < buf.position(); i++) {
                if (seen[i] == '\n') {
                    newline = true;
                    break;
                }
            }
            if (newline) {
                break;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() {
        deadline.shutdownNow();
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket {}: {}", path, e.toString());
        }
    }
}
