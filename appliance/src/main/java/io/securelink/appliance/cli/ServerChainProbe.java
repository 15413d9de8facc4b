package io.securelink.appliance.cli;

import io.securelink.appliance.config.Durations;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.appliance.tls.NegotiatedGroup;
import io.securelink.crypto.BouncyCastleJsse;
import io.securelink.crypto.CertificateSummary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Connects to a TLS server and prints the pins of the chain it presents, for bootstrapping a pin list,
 * and the key-exchange group the server chose from securelink's default offer (X25519MLKEM768, X25519,
 * P-256). It trusts nothing: it records the chain and the operator decides whether to pin it.
 */
final class ServerChainProbe {
    private final String target;
    private final String timeout;

    ServerChainProbe(String target, String timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    int print() {
        HostPort hp;
        int millis;
        try {
            hp = HostPort.parse(target);
            millis = (int) Durations.parse(timeout).toMillis();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        AtomicReference<X509Certificate[]> seen = new AtomicReference<>();
        AtomicReference<String> group = new AtomicReference<>();
        X509TrustManager recorder = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("the probe is a client");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                throw new UnsupportedOperationException("the probe is a client");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                throw new UnsupportedOperationException("the probe is a client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                seen.set(chain);
                BouncyCastleJsse.negotiatedGroup(socket).ifPresent(group::set);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                seen.set(chain);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            // Bouncy Castle's JSSE, so the handshake can offer X25519MLKEM768 and report the group chosen.
            SSLContext ctx = SSLContext.getInstance("TLS", BouncyCastleJsse.provider());
            ctx.init(null, new TrustManager[] {recorder}, null);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(hp.host(), hp.port()), millis);
                raw.setSoTimeout(millis);
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, hp.host(), hp.port(), false)) {
                    s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                    BouncyCastleJsse.offerGroups(s, KeyExchangeGroup.DEFAULT.stream().map(KeyExchangeGroup::jsseName).toList());
                    try {
                        s.startHandshake();
                    } catch (IOException e) {
                        if (seen.get() == null) {
                            throw e;
                        }
                        // The server refused us (e.g. it wants a client certificate) after showing its chain.
                    }
                }
            }
        } catch (IOException e) {
            // Once the chain is in, a failure after it (the server hanging up on a probe without a client
            // certificate, even while the socket closes) changes nothing that is printed.
            if (seen.get() == null) {
                System.err.println("error: cannot get the chain of " + hp + ": " + reason(e));
                return 2;
            }
        } catch (GeneralSecurityException e) {
            System.err.println("error: cannot get the chain of " + hp + ": " + e.getMessage());
            return 2;
        }
        X509Certificate[] chain = seen.get();
        if (chain == null) {
            System.err.println("error: " + hp + " presented no certificate");
            return 2;
        }
        List<X509Certificate> list = List.of(chain);
        for (int i = 0; i < list.size(); i++) {
            CertificateSummary c = CertificateSummary.of(list.get(i));
            System.out.println(c.pin() + "  " + hp + " [" + i + "] subject=" + c.subject() + " issuer=" + c.issuer()
                    + " notAfter=" + c.notAfter());
        }
        NegotiatedGroup g = NegotiatedGroup.named(group.get());
        System.out.println("key-exchange " + g.name() + (g.postQuantum() ? " (post-quantum)" : " (NOT post-quantum)")
                + "  " + hp + " offered " + KeyExchangeGroup.DEFAULT);
        return 0;
    }

    /** The JDK's words for a failed connect, made whole: an unknown host is only its name in UnknownHostException. */
    static String reason(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage() + " (check the name, or give an IP address)";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer within --timeout (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }
}
