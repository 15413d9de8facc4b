package io.securelink.appliance.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A plaintext backend for bulk tests. {@code SINK}: reads everything (optionally only after
 * {@link #resume()}), completes {@link #received()} with the byte count and SHA-256 at end of input,
 * then replies with that digest and closes. {@code ECHO}: writes back everything it reads.
 */
public final class StreamBackend implements AutoCloseable {
    public enum Mode { SINK, ECHO }

    public record Received(long bytes, String sha256) {
    }

    private final ServerSocket server;
    private final Mode mode;
    private final CountDownLatch go;
    private final CompletableFuture<Received> received = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();

    public StreamBackend(Mode mode, boolean paused) throws IOException {
        this.mode = mode;
        this.go = new CountDownLatch(paused ? 1 : 0);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "stream-backend");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void resume() {
        go.countDown();
    }

    /** Completes when the (single) connection reaches the backend. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    public CompletableFuture<Received> received() {
        return received;
    }

    private void serve() {
        try (Socket s = server.accept()) {
            connected.complete(null);
            go.await();
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                md.update(buf, 0, n);
                if (mode == Mode.ECHO) {
                    out.write(buf, 0, n);
                }
            }
            Received r = new Received(total, HexFormat.of().formatHex(md.digest()));
            if (mode == Mode.SINK) {
                out.write((r.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.flush();
            s.shutdownOutput();
            received.complete(r);
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            received.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
