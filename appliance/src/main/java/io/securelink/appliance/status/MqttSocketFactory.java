package io.securelink.appliance.status;

import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.tls.LinkTls;
import io.securelink.appliance.tls.PeerVerifier;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.JdkKeys;
import io.securelink.crypto.PinSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS socket factory Paho connects to a broker with: the broker's chain is checked by the same
 * {@link PeerVerifier} as a link's peer (trust bundle or pins-only, and broker pins: a broker whose chain
 * holds no pinned key is refused inside the handshake), the client certificate is offered when one is
 * configured, and only TLS 1.3 / TLS 1.2 with ECDHE+AEAD suites are enabled.
 */
public final class MqttSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    private MqttSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * @param name   what refusals are reported as (the "link" field of the event), e.g. {@code mqtt}
     * @param events where a refused broker is reported (pin-failed, chain-refused)
     */
    public static MqttSocketFactory create(String name, Optional<Credentials> credentials, List<X509Certificate> anchors,
                                           PinSet pins, EventSink events) throws GeneralSecurityException {
        PeerVerifier verifier = new PeerVerifier(name, anchors, pins, new IdentityAllowList(List.of()), events);
        KeyManager[] keyManagers = null;
        if (credentials.isPresent()) {
            Credentials c = credentials.get();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot create an in-memory key store", e);
            }
            char[] pass = "securelink".toCharArray();
            ks.setKeyEntry("client", JdkKeys.privateKey(c.key()), pass, c.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers, new TrustManager[] {verifier}, null);
        return new MqttSocketFactory(ctx.getSocketFactory());
    }

    private Socket harden(Socket s) {
        if (s instanceof SSLSocket ssl) {
            List<String> supported = List.of(ssl.getSupportedCipherSuites());
            ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            ssl.setEnabledCipherSuites(LinkTls.CIPHERS.stream().filter(supported::contains).toArray(String[]::new));
        }
        return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return LinkTls.CIPHERS.toArray(new String[0]);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return harden(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return harden(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return harden(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return harden(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return harden(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return harden(delegate.createSocket(address, port, localAddress, localPort));
    }
}
