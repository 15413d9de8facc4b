package io.securelink.crypto;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsContext;

/**
 * Bouncy Castle's JSSE provider behind JDK types, for the places that need TLS with post-quantum key
 * exchange where BoringSSL does not load: it negotiates the ML-KEM hybrids (X25519MLKEM768) that the
 * JDK 17 provider cannot. Callers see only {@link Provider}, {@link SSLEngine} and {@link SSLSocket}, so
 * Bouncy Castle stays inside this module.
 *
 * <p>Group names are JSSE names ({@code X25519MLKEM768}, {@code x25519}, {@code secp256r1}...).
 */
public final class BouncyCastleJsse {
    private BouncyCastleJsse() {
    }

    private static final class Holder {
        /**
         * Bouncy Castle's JSSE logs through java.util.logging to stderr: on its first use, INFO lines for every
         * security property it reads and WARNINGs for the JDK's own {@code jdk.certpath.disabledAlgorithms}
         * entries it cannot parse (eight lines before `pin --connect` or `audit --probe` said anything, and
         * again in the daemon's journal). Nothing an operator can act on: only its errors are kept. Held here,
         * as java.util.logging keeps loggers only weakly.
         */
        static final java.util.logging.Logger QUIETED = quieted("org.bouncycastle.jsse");
        static final Provider PROVIDER = new BouncyCastleJsseProvider(BouncyCastle.provider());

        private static java.util.logging.Logger quieted(String name) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            if (l.getLevel() == null) { // a logging.properties that set it wins
                l.setLevel(java.util.logging.Level.SEVERE);
            }
            return l;
        }
    }

    /** The JSSE provider (not registered globally): pass it to {@code SSLContext.getInstance("TLS", p)}. */
    public static Provider provider() {
        return Holder.PROVIDER;
    }

    /**
     * A key manager for {@code key} and {@code chain} from this provider: Bouncy Castle's TLS 1.3 code
     * picks credentials by key types the JDK's SunX509 key manager does not answer, so contexts of this
     * provider need its own.
     */
    public static KeyManagerFactory keyManagerFactory(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException {
        char[] pw = new char[0];
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        ks.setKeyEntry("own", key, pw, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX", provider());
        kmf.init(ks, pw);
        return kmf;
    }

    /** Whether {@code engine} came from this provider (and so takes {@link #offerGroups}). */
    public static boolean owns(SSLEngine engine) {
        return engine instanceof BCSSLEngine;
    }

    /** Curves Bouncy Castle must list among the groups to sign or verify ECDSA P-256/P-384 in TLS 1.3. */
    static final List<String> SIGNATURE_CURVES = List.of("secp256r1", "secp384r1");

    /**
     * Offers {@code jsseGroups}, in that order, and prefers that order as a server too. Bouncy Castle
     * only signs and verifies ECDSA with curves among its named groups, so P-256 and P-384 are appended
     * (last, least preferred) when missing: without them an ECDSA certificate could not be used at all.
     * They can then be negotiated for the key exchange too, when nothing earlier is shared.
     *
     * @throws IllegalArgumentException if the engine is not one of this provider's
     */
    public static void offerGroups(SSLEngine engine, List<String> jsseGroups) {
        if (!(engine instanceof BCSSLEngine bc)) {
            throw new IllegalArgumentException("not a Bouncy Castle JSSE engine: " + engine.getClass().getName());
        }
        bc.setParameters(withGroups(bc.getParameters(), jsseGroups));
    }

    /** As {@link #offerGroups(SSLEngine, List)}, for sockets (test peers, probes). */
    public static void offerGroups(SSLSocket socket, List<String> jsseGroups) {
        if (!(socket instanceof BCSSLSocket bc)) {
            throw new IllegalArgumentException("not a Bouncy Castle JSSE socket: " + socket.getClass().getName());
        }
        bc.setParameters(withGroups(bc.getParameters(), jsseGroups));
    }

    private static BCSSLParameters withGroups(BCSSLParameters p, List<String> jsseGroups) {
        List<String> all = new java.util.ArrayList<>(jsseGroups);
        SIGNATURE_CURVES.stream().filter(c -> !all.contains(c)).forEach(all::add);
        p.setNamedGroups(all.toArray(new String[0]));
        p.setUseNamedGroupsOrder(true);
        return p;
    }

    /**
     * The key-exchange group the finished handshake of a Bouncy Castle engine or socket negotiated
     * (IANA name, e.g. {@code X25519MLKEM768}, {@code x25519}), or empty when unknown. Bouncy Castle's JSSE
     * API does not expose it, so this reads the TLS context behind the engine; a provider change that
     * breaks that yields empty, never a wrong name.
     */
    public static Optional<String> negotiatedGroup(Object engineOrSocket) {
        try {
            Object peer = field(engineOrSocket.getClass(), "protocolPeer").get(engineOrSocket);
            if (peer == null) {
                return Optional.empty();
            }
            Method m = peer.getClass().getMethod("getTlsContext");
            m.setAccessible(true);
            TlsContext ctx = (TlsContext) m.invoke(peer);
            var sp = ctx.getSecurityParametersConnection() != null ? ctx.getSecurityParametersConnection() : ctx.getSecurityParametersHandshake();
            if (sp == null || sp.getNegotiatedGroup() < 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(NamedGroup.getName(sp.getNegotiatedGroup()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Handshakes with {@code host:port} offering {@code jsseGroups} (plus the signature curves, last) and
     * returns the group the server chose, read as soon as its certificate arrives: a listener that then
     * refuses the client for want of a certificate still tells. The server's chain is not checked (this
     * only measures; nothing is sent). Empty when the server refused the offer.
     *
     * @param keyManagers the client's credentials, or null for none
     */
    public static Optional<String> serverChoice(String host, int port, List<String> jsseGroups, javax.net.ssl.KeyManager[] keyManagers,
                                                int timeoutMillis) throws java.io.IOException {
        java.util.concurrent.atomic.AtomicReference<String> chosen = new java.util.concurrent.atomic.AtomicReference<>();
        javax.net.ssl.SSLContext ctx;
        try {
            ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3", provider());
            ctx.init(keyManagers, new javax.net.ssl.TrustManager[] {new RecordingTrustManager(chosen)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle JSSE cannot make a TLS 1.3 context", e);
        }
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        try {
            s.connect(new java.net.InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            offerGroups(s, jsseGroups);
            try {
                s.startHandshake();
                negotiatedGroup(s).ifPresent(chosen::set);
            } catch (java.io.IOException e) {
                // Refused (an alert, or a reset while writing): before the server chose (no group in common)
                // or after (no client certificate); the trust manager has recorded the choice if there was one.
            }
        } finally {
            try {
                s.close();
            } catch (java.io.IOException e) {
                // The server already closed: nothing to tell it.
            }
        }
        return Optional.ofNullable(chosen.get());
    }

    /** Accepts any server chain and records the group the handshake under way negotiated. */
    private static final class RecordingTrustManager extends javax.net.ssl.X509ExtendedTrustManager {
        private final java.util.concurrent.atomic.AtomicReference<String> chosen;

        RecordingTrustManager(java.util.concurrent.atomic.AtomicReference<String> chosen) {
            this.chosen = chosen;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            negotiatedGroup(socket).ifPresent(chosen::set);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            negotiatedGroup(engine).ifPresent(chosen::set);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // No socket to read the group from; accepted (measuring only).
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a probe is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
