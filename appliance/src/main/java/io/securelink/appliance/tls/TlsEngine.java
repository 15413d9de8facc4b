package io.securelink.appliance.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.securelink.crypto.BouncyCastleJsse;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation the data plane uses: BoringSSL through netty-tcnative where it loads (much
 * faster handshakes and bulk crypto, post-quantum key exchange), else Bouncy Castle's JSSE provider
 * (slower, but it keeps X25519MLKEM768), and the JDK's own SSLEngine only when asked for (no
 * post-quantum key exchange on Java 17: said in the log and in status). The system property
 * {@code securelink.tls.provider} ({@code auto}, {@code openssl}, {@code bc}, {@code jdk}) overrides
 * the choice.
 */
public final class TlsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);
    private static volatile String announced;

    /** The implementation behind a context. */
    public enum Kind {
        OPENSSL(true), BOUNCY_CASTLE(true), JDK(false);

        private final boolean postQuantum;

        Kind(boolean postQuantum) {
            this.postQuantum = postQuantum;
        }

        /** Whether this implementation can negotiate X25519MLKEM768. */
        public boolean postQuantum() {
            return postQuantum;
        }

        public String wireName() {
            return switch (this) {
                case OPENSSL -> "openssl";
                case BOUNCY_CASTLE -> "bc";
                case JDK -> "jdk";
            };
        }
    }

    private TlsEngine() {
    }

    /** The implementation for contexts built now; logged whenever the choice changes. */
    public static Kind kind() {
        Kind k = choose(System.getProperty("securelink.tls.provider", "auto"));
        String description = describe(k);
        if (!description.equals(announced)) {
            announced = description;
            if (k.postQuantum()) {
                LOG.info("TLS provider: {}", description);
            } else {
                LOG.warn("TLS provider: {}", description);
            }
        }
        return k;
    }

    /** The Netty provider for {@link #kind()}: Bouncy Castle runs under Netty's JDK engine wrapper. */
    public static SslProvider provider() {
        return nettyProvider(kind());
    }

    static SslProvider nettyProvider(Kind k) {
        return k == Kind.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The JSSE provider to build JDK-engine contexts from: Bouncy Castle's, or empty for the JDK default. */
    static Optional<Provider> jsseProvider(Kind k) {
        return k == Kind.BOUNCY_CASTLE ? Optional.of(BouncyCastleJsse.provider()) : Optional.empty();
    }

    static Kind choose(String wanted) {
        // Refuse client-initiated renegotiation on the JDK provider; BoringSSL never renegotiates as a server.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        return switch (wanted.toLowerCase(Locale.ROOT)) {
            case "jdk" -> Kind.JDK;
            case "bc", "bouncycastle" -> Kind.BOUNCY_CASTLE;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("securelink.tls.provider=openssl but netty-tcnative did not load: "
                            + OpenSsl.unavailabilityCause());
                }
                yield Kind.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? Kind.OPENSSL : Kind.BOUNCY_CASTLE;
        };
    }

    /** Human description for logs and status: provider, library version, and whether it is post-quantum. */
    public static String describe(Kind k) {
        return switch (k) {
            case OPENSSL -> "openssl (" + OpenSsl.versionString() + " via netty-tcnative; post-quantum key exchange: X25519MLKEM768)";
            case BOUNCY_CASTLE -> "bc (Bouncy Castle JSSE " + BouncyCastleJsse.provider().getVersionStr() + "; " + why()
                    + "; post-quantum key exchange: X25519MLKEM768)";
            case JDK -> "jdk (" + System.getProperty("java.vendor") + " " + Runtime.version() + "; " + why()
                    + "; NO post-quantum key exchange: links run with classical groups only)";
        };
    }

    /** As {@link #describe(Kind)} for a Netty provider (OPENSSL, or whichever JSSE engine {@link #kind()} picks). */
    public static String describe(SslProvider p) {
        return describe(p == SslProvider.OPENSSL || p == SslProvider.OPENSSL_REFCNT ? Kind.OPENSSL : kind());
    }

    private static String why() {
        return OpenSsl.isAvailable() ? "chosen by securelink.tls.provider" : "netty-tcnative unavailable: " + OpenSsl.unavailabilityCause();
    }
}
