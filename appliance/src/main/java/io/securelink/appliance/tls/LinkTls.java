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

    private LinkTls(SslContext context, PeerVerifier verifier) {
        this.context = context;
        this.verifier = verifier;
    }

    public static LinkTls build(LinkConfig link, EventSink events) throws SSLException {
        TlsConfig t = link.tls();
        PeerVerifier verifier = new PeerVerifier(link.name(), t.anchors(), t.pins(), t.peers(), events);
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
        return new LinkTls(b.build(), verifier);
    }

    private static ClientAuth clientAuth(io.securelink.appliance.config.ClientAuth c) {
        return switch (c) {
            case REQUIRED -> ClientAuth.REQUIRE;
            case OPTIONAL -> ClientAuth.OPTIONAL;
            case NONE -> ClientAuth.NONE;
        };
    }

    public SslContext context() {
        return context;
    }

}
