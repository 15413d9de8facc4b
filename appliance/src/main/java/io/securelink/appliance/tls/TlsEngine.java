package io.securelink.appliance.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation the data plane uses: BoringSSL through netty-tcnative where it loads (much
 * faster handshakes and bulk crypto), the JDK's SSLEngine otherwise. The system property
 * {@code securelink.tls.provider} ({@code auto}, {@code openssl}, {@code jdk}) overrides the choice.
 */
public final class TlsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);
    private static volatile String announced;

    private TlsEngine() {
    }

    /** The provider for contexts built now; logged whenever the choice changes. */
    public static SslProvider provider() {
        SslProvider p = choice();
        String description = describe(p);
        if (!description.equals(announced)) {
            announced = description;
            LOG.info("TLS provider: {}", description);
        }
        return p;
    }

    /** The provider contexts would be built with, without logging it (for {@code securelink version}). */
    public static SslProvider choice() {
        return choose(System.getProperty("securelink.tls.provider", "auto"));
    }

    static SslProvider choose(String wanted) {
        // Refuse client-initiated renegotiation on the JDK provider; BoringSSL never renegotiates as a server.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        return switch (wanted.toLowerCase(Locale.ROOT)) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("securelink.tls.provider=openssl but netty-tcnative did not load: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** Human description for logs and status: provider and library version. */
    public static String describe(SslProvider p) {
        if (p == SslProvider.OPENSSL || p == SslProvider.OPENSSL_REFCNT) {
            return "openssl (" + OpenSsl.versionString() + " via netty-tcnative)";
        }
        String why = OpenSsl.isAvailable() ? "chosen by securelink.tls.provider" : "netty-tcnative unavailable: " + OpenSsl.unavailabilityCause();
        return "jdk (" + System.getProperty("java.vendor") + " " + Runtime.version() + "; " + why + ")";
    }
}
