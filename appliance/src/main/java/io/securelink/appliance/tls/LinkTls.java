package io.securelink.appliance.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.securelink.appliance.config.LinkConfig;
import io.securelink.appliance.config.LinkMode;
import io.securelink.appliance.config.TlsConfig;
import io.securelink.appliance.event.EventSink;
import io.securelink.crypto.JdkKeys;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The TLS context of one link in one config snapshot: built once (off the event loop) and shared by
 * every connection the snapshot serves. TLS 1.3 first, TLS 1.2 only with ECDHE and AEAD suites; no
 * compression or renegotiation in either provider.
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

    private final SslContext context;
    private final PeerVerifier verifier;
    private final OwnStaple staple;

    private LinkTls(SslContext context, PeerVerifier verifier, OwnStaple staple) {
        this.context = context;
        this.verifier = verifier;
        this.staple = staple;
    }

    public static LinkTls build(LinkConfig link, EventSink events) throws SSLException {
        TlsConfig t = link.tls();
        PeerVerifier verifier = new PeerVerifier(link.name(), t.anchors(), t.pins(), t.peers(),
                RevocationCheck.of(link.name(), t.revocation(), t.anchors(), events), events);
        PrivateKey key = JdkKeys.privateKey(t.credentials().key());
        X509Certificate[] chain = t.credentials().chain().toArray(new X509Certificate[0]);
        SslProvider provider = TlsEngine.provider();
        SslContextBuilder b = link.mode() == LinkMode.SERVER
                ? SslContextBuilder.forServer(key, chain).clientAuth(clientAuth(t.clientAuth()))
                : SslContextBuilder.forClient().keyManager(key, chain);
        b.sslProvider(provider)
                .protocols(t.versions())
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .trustManager(verifier)
                .sessionTimeout(3600);
        boolean ocspCapable = provider == SslProvider.OPENSSL && io.netty.handler.ssl.OpenSsl.isOcspSupported();
        OwnStaple staple = null;
        if (t.revocation().staple()) {
            if (!ocspCapable) {
                events.emit(io.securelink.appliance.event.Event.of(io.securelink.appliance.event.EventType.OCSP_FAILING, link.name(), "",
                        "link " + link.name() + ": staple: true needs the OpenSSL (tcnative) provider; the " + provider
                                + " provider neither staples nor asks for staples", java.util.Map.of("reason", "stapling unsupported")));
            } else {
                b.enableOcsp(true);
                if (link.mode() == LinkMode.SERVER) {
                    staple = OwnStaple.start(link.name(), t.credentials().chain(), t.anchors(), t.revocation(), events).orElse(null);
                }
            }
        }
        return new LinkTls(b.build(), verifier, staple);
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

    public SslContext context() {
        return context;
    }

    /** The link's peer verifier: its revocation check is what live connections are re-checked against. */
    public PeerVerifier verifier() {
        return verifier;
    }
}
