package io.securelink.appliance.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A plaintext backend for any number of connections: each one is read to its end, then answered with
 * {@code BYTES SHA256\n} of everything it carried and closed, so a test can prove a transfer arrived
 * byte-exact while other connections come and go.
 */
public final class DigestSinkBackend implements AutoCloseable {
    private final LoopbackSocketServer server;

    public DigestSinkBackend() throws IOException {
        server = new LoopbackSocketServer("digest-sink", 50, DigestSinkBackend::serve);
    }

    public int port() {
        return server.port();
    }

    /** Connections accepted so far (each one passed the link's handshake and routing). */
    public int accepted() {
        return server.accepted();
    }

    private static void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                md.update(buf, 0, n);
            }
            s.getOutputStream().write((total + " " + HexFormat.of().formatHex(md.digest()) + "\n").getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // The peer went away; nothing to answer.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
