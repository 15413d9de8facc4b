package io.securelink.appliance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK TLS client with a client certificate, bound to a chosen loopback source address, for tests that
 * need many timed handshakes (an openssl process per handshake would measure process start-up).
 */
public final class JdkTlsClient {
    private final SSLContext context;

    public JdkTlsClient(TestPki.Pair client, TestPki pki) throws Exception {
        char[] pw = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", client.credentials().key(), pw, client.credentials().chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", pki.ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    /** What one handshake-then-echo round gave: success, and the handshake's duration. */
    public record Round(boolean ok, long handshakeNanos, String failure) {
    }

    /** Connects from {@code source}, handshakes, sends one line and expects {@code echo:LINE} back. */
    public Round echo(InetAddress source, int port, String line, int timeoutMillis) {
        long t0 = System.nanoTime();
        long hs = -1;
        try (Socket raw = new Socket()) {
            raw.bind(new InetSocketAddress(source, 0));
            raw.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            raw.setSoTimeout(timeoutMillis);
            try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", port, true)) {
                s.startHandshake();
                hs = System.nanoTime() - t0;
                s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                String got = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                boolean ok = ("echo:" + line).equals(got);
                return new Round(ok, hs, ok ? null : "answer " + got);
            }
        } catch (IOException e) {
            return new Round(false, hs < 0 ? System.nanoTime() - t0 : hs, e.toString());
        }
    }

    /** Layers TLS (not yet handshaken) over a connected socket; closing it closes {@code raw}. */
    public SSLSocket wrap(Socket raw) throws IOException {
        return (SSLSocket) context.getSocketFactory().createSocket(raw, "localhost", raw.getPort(), true);
    }

    /** The first flight of a TLS client (a ClientHello record), for peers that send it and then go silent. */
    public static byte[] clientHello() throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, null, null);
        SSLEngine e = c.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return Arrays.copyOf(out.array(), out.limit());
    }
}
