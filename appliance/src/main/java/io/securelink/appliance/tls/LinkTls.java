package io.securelink.appliance.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.config.TlsConfig;
import io.securelink.appliance.event.EventSink;
import io.securelink.crypto.BouncyCastleJsse;
import io.securelink.crypto.JdkKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The TLS context of one link in one config snapshot: built once (off the event loop) and shared by
 * every connection the snapshot serves. TLS 1.3 first, TLS 1.2 only with ECDHE and AEAD suites; no
 * compression or renegotiation in either provider. The key-exchange groups are the link's
 * {@code tls.groups} (X25519MLKEM768, X25519, P-256 by default), only the post-quantum ones when the link
 * requires post-quantum key exchange; a provider that cannot offer them (the JDK's) offers its classical
 * defaults, and a link that requires them does not build on it.
 */
public final class LinkTls {
    /** TLS 1.3 suites, then the TLS 1.2 ECDHE+AEAD suites; nothing else is ever offered or accepted. */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The type of the throw-away KeyStore Netty passes the link's key through (see {@link #build}). */
    static final String IN_MEMORY_KEY_STORE = "JKS";

    /**
     * Bytes of the native buffer BoringSSL writes handshake messages and alerts into, allocated for every
     * connection and held while it lives. Netty's default is 2048; application data never passes through it
     * (records are written straight into Netty's buffers), so a smaller one only splits a handshake flight
     * into more pieces, and saves about 1 KiB of PSS per idle connection (0.7-1.3 KiB in bench/idle-scale.sh). A
     * {@code -Dio.netty.handler.ssl.openssl.bioNonApplicationBufferSize} given on the command line wins.
     */
    static final int HANDSHAKE_BUFFER_BYTES = 512;

    private final SslContext context;
    private final PeerVerifier verifier;
    private final TlsEngine.Kind kind;
    private final List<KeyExchangeGroup> offered;
    private final OwnStaple staple;

    private LinkTls(SslContext context, PeerVerifier verifier, TlsEngine.Kind kind, List<KeyExchangeGroup> offered, OwnStaple staple) {
        this.context = context;
        this.verifier = verifier;
        this.kind = kind;
        this.offered = offered;
        this.staple = staple;
    }

    public static LinkTls build(LinkConfig link, EventSink events) throws SSLException {
        TlsConfig t = link.tls();
        PeerVerifier verifier = new PeerVerifier(link.name(), t.anchors(), t.pins(), t.peers(),
                RevocationCheck.of(link.name(), t.revocation(), t.anchors(), events), events);
        PrivateKey key = JdkKeys.privateKey(t.credentials().key());
        X509Certificate[] chain = t.credentials().chain().toArray(new X509Certificate[0]);
        TlsEngine.Kind kind = TlsEngine.kind();
        List<KeyExchangeGroup> groups = t.effectiveGroups();
        if (t.requirePostQuantum() && !kind.postQuantum()) {
            throw new SSLException("link '" + link.name() + "' has tls.require-post-quantum: true, but the TLS provider "
                    + kind.wireName() + " cannot negotiate a post-quantum group; run with BoringSSL (netty-tcnative) or Bouncy Castle");
        }
        SslProvider provider = TlsEngine.nettyProvider(kind);
        SslContextBuilder b;
        if (kind == TlsEngine.Kind.BOUNCY_CASTLE) {
            KeyManagerFactory kmf = bouncyCastleKeys(link, key, chain);
            b = link.mode() == LinkMode.SERVER
                    ? SslContextBuilder.forServer(kmf).clientAuth(clientAuth(t.clientAuth()))
                    : SslContextBuilder.forClient().keyManager(kmf);
        } else {
            b = link.mode() == LinkMode.SERVER
                    ? SslContextBuilder.forServer(key, chain).clientAuth(clientAuth(t.clientAuth()))
                    : SslContextBuilder.forClient().keyManager(key, chain);
            // Netty hands the key to its key manager through an in-memory KeyStore. The default type, PKCS12,
            // encrypts the entry with 10,000 PBKDF2 rounds on the way in and again on the way out: about
            // 60 ms of a cold JVM's start per link. JKS protects the in-memory entry with one cheap pass;
            // the store never leaves the process.
            b.keyStoreType(IN_MEMORY_KEY_STORE);
        }
        b.sslProvider(provider)
                .protocols(t.versions())
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .trustManager(verifier)
                .sessionTimeout(3600);
        TlsEngine.jsseProvider(kind).ifPresent(b::sslContextProvider);
        if (kind != TlsEngine.Kind.BOUNCY_CASTLE) {
            b.applicationProtocolConfig(PeerHalfClose.ALPN);
        }
        if (kind == TlsEngine.Kind.OPENSSL) {
            b.option(OpenSslContextOption.GROUPS, groups.stream().map(KeyExchangeGroup::configName).toArray(String[]::new));
        }
        OwnStaple staple = null;
        if (t.revocation().staple()) {
            if (kind != TlsEngine.Kind.OPENSSL || !io.netty.handler.ssl.OpenSsl.isOcspSupported()) {
                events.emit(io.securelink.appliance.event.Event.of(io.securelink.appliance.event.EventType.OCSP_FAILING, link.name(), "",
                        "link " + link.name() + ": staple: true needs the OpenSSL (tcnative) provider; the " + kind.wireName()
                                + " provider neither staples nor asks for staples", java.util.Map.of("reason", "stapling unsupported")));
            } else {
                b.enableOcsp(true);
                if (link.mode() == LinkMode.SERVER) {
                    staple = OwnStaple.start(link.name(), t.credentials().chain(), t.anchors(), t.revocation(), events).orElse(null);
                }
            }
        }
        SslContext ctx = b.build();
        if (ctx instanceof io.netty.handler.ssl.ReferenceCountedOpenSslContext openssl
                && System.getProperty("io.netty.handler.ssl.openssl.bioNonApplicationBufferSize") == null) {
            openssl.setBioNonApplicationBufferSize(HANDSHAKE_BUFFER_BYTES);
        }
        if (kind == TlsEngine.Kind.BOUNCY_CASTLE) {
            ctx = new GroupsOnEngine(ctx, groups.stream().map(KeyExchangeGroup::jsseName).toList());
        }
        return new LinkTls(ctx, verifier, kind, kind.postQuantum() ? groups
                : groups.stream().filter(g -> !g.postQuantum()).toList(), staple);
    }

    private static KeyManagerFactory bouncyCastleKeys(LinkConfig link, PrivateKey key, X509Certificate[] chain) throws SSLException {
        try {
            return BouncyCastleJsse.keyManagerFactory(key, chain);
        } catch (GeneralSecurityException e) {
            throw new SSLException("link '" + link.name() + "': Bouncy Castle JSSE cannot use the link's key: " + e.getMessage(), e);
        }
    }

    /** Sets the named groups on every Bouncy Castle engine (its API is per engine, not per context). */
    private static final class GroupsOnEngine extends DelegatingSslContext {
        private final List<String> jsseGroups;

        GroupsOnEngine(SslContext ctx, List<String> jsseGroups) {
            super(ctx);
            this.jsseGroups = jsseGroups;
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            BouncyCastleJsse.offerGroups(engine, jsseGroups);
        }
    }

    private static ClientAuth clientAuth(io.securelink.appliance.config.ClientAuth c) {
        return switch (c) {
            case REQUIRED -> ClientAuth.REQUIRE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case NONE -> ClientAuth.NONE;
        };
    }

    /**
     * A TLS handler for one connection. On a link that asks OCSP the engine's delegated tasks (where the
     * peer's chain is verified) run on {@link HandshakeTasks}, so waiting for a responder never holds an
     * event loop; other links verify inline (no OCSP means no I/O in verification).
     */
    public io.netty.handler.ssl.SslHandler newHandler(io.netty.buffer.ByteBufAllocator alloc, String host, int port) {
        io.netty.handler.ssl.SslHandler h = verifier.revocation().asksOcsp() || verifier.revocation().config().staple()
                ? context.newHandler(alloc, host, port, HandshakeTasks.EXECUTOR)
                : context.newHandler(alloc, host, port);
        if (staple != null && h.engine() instanceof io.netty.handler.ssl.ReferenceCountedOpenSslEngine e) {
            byte[] r = staple.response();
            if (r != null) {
                e.setOcspResponse(r);
            }
        }
        return h;
    }

    /** Whether this (server) link has an OCSP response for its own certificate to staple right now. */
    public boolean stapling() {
        return staple != null && staple.response() != null;
    }

    /** The link's peer verifier: its revocation check is what live connections are re-checked against. */
    public PeerVerifier verifier() {
        return verifier;
    }

    public SslContext context() {
        return context;
    }

    /** The implementation behind this context. */
    public TlsEngine.Kind kind() {
        return kind;
    }

    /**
     * The groups this context puts on the wire, most preferred first, as far as securelink controls them
     * (the JDK provider offers its own classical defaults; then this lists the configured classical ones).
     */
    public List<KeyExchangeGroup> offered() {
        return offered;
    }

    /** Whether a peer can get a post-quantum session from this context at all. */
    public boolean offersPostQuantum() {
        return offered.stream().anyMatch(KeyExchangeGroup::postQuantum);
    }
}
