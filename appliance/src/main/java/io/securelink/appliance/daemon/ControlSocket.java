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
 * {@code reload}), one text answer, then close. Served on its own thread, never an event loop.
 */
public final class ControlSocket implements AutoCloseable {
    public static final String FILE_NAME = "control.sock";
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    private static final int MAX_REQUEST = 256;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;

    private ControlSocket(Path path, ServerSocketChannel server, Function<String, String> handler) {
        this.path = path;
        this.server = server;
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
                String request = readLine(client);
                String answer;
                try {
                    answer = handler.apply(request);
                } catch (RuntimeException e) {
                    LOG.error("control request '{}' failed", request, e);
                    answer = "error: " + e.getMessage() + "\n";
                }
                ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    client.write(out);
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket: {}", e.toString());
                }
            }
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
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket {}: {}", path, e.toString());
        }
    }
}
