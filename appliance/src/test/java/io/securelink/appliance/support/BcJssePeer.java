package io.securelink.appliance.support;

import io.securelink.crypto.BouncyCastleJsse;
import io.securelink.crypto.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An independent TLS implementation for interop tests: Bouncy Castle's JSSE provider (through the
 * crypto module's JDK-typed factory), as a client or as an echo server, offering exactly the JSSE
 * group names it is given and reporting the group each handshake negotiated.
 */
public final class BcJssePeer {
    private BcJssePeer() {
    }

    /** What a client handshake negotiated and the line the far end answered. */
    public record ClientResult(String group, String protocol, String reply) {
    }

    /** Connects with mutual TLS, sends {@code line}, returns the group and the first reply line. */
    public static ClientResult send(int port, Credentials own, X509Certificate anchor, List<String> groups, String line)
            throws IOException, GeneralSecurityException {
        SSLContext ctx = context(own, anchor);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TestTimeouts.eventMillis());
            s.setSoTimeout((int) TestTimeouts.eventMillis());
            BouncyCastleJsse.offerGroups(s, groups);
            s.startHandshake();
            String group = BouncyCastleJsse.negotiatedGroup(s).orElse("unknown");
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return new ClientResult(group, s.getSession().getProtocol(), reply);
        } finally {
            try {
                s.close();
            } catch (IOException e) {
                // The far end closed first (it answers one line, then hangs up): nothing left to say.
            }
        }
    }

    /** A TLS echo server requiring a client certificate: answers each first line with {@code echo:LINE}. */
    public static final class Server implements AutoCloseable {
        private final SSLServerSocket server;
        private final List<String> groups = new CopyOnWriteArrayList<>();

        public Server(Credentials own, X509Certificate anchor, List<String> offered) throws IOException, GeneralSecurityException {
            server = (SSLServerSocket) context(own, anchor).getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server.setNeedClientAuth(true);
            Thread t = new Thread(() -> serve(offered), "bc-jsse-server");
            t.setDaemon(true);
            t.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        /** The group of every handshake completed so far, in order. */
        public List<String> negotiatedGroups() {
            return List.copyOf(groups);
        }

        private void serve(List<String> offered) {
            while (!server.isClosed()) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    Thread t = new Thread(() -> answer(s, offered), "bc-jsse-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void answer(SSLSocket s, List<String> offered) {
            try (s) {
                s.setSoTimeout((int) TestTimeouts.eventMillis());
                BouncyCastleJsse.offerGroups(s, offered);
                s.startHandshake();
                groups.add(BouncyCastleJsse.negotiatedGroup(s).orElse("unknown"));
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                OutputStream out = s.getOutputStream();
                out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // A refused or vanished peer: nothing to answer.
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static SSLContext context(Credentials own, X509Certificate anchor) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = BouncyCastleJsse.keyManagerFactory(jdkKey(own.key()), own.chain().toArray(new X509Certificate[0]));
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("anchor", anchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3", BouncyCastleJsse.provider());
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
        String alg = "ECDSA".equals(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }
}
