package io.securelink.crypto;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Pays the one-time cost of the JDK's first certificate parse on a thread of its own, so that it overlaps
 * the work a command does before it reads its first certificate instead of adding to it. That cost is
 * large for a command that starts cold: the certificate factory asks for its security-event logger, and
 * finding a logging backend makes the JVM open and search every jar on the class path (about 40 ms of a
 * {@code check-config}); the first EC key in a certificate loads the EC provider, which the JDK finds by
 * instantiating the providers of its modules one by one.
 *
 * <p>Contract: parses one fixed, self-signed P-256 certificate that is never trusted, stored, compared
 * or shown; touches no file and no state of the caller; a failure is ignored (the caller's own parse
 * meets and reports the same problem). A parse on the calling thread that starts meanwhile waits for the
 * JDK's class initialisation this thread holds, so nothing is done twice.
 */
public final class CertificateParserWarmUp {
    /** {@code openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=securelink start-up warm-up (never trusted)" -days 1}. */
    private static final String CERTIFICATE =
            "MIIBwTCCAWegAwIBAgIUelxsb1pzX1n/JW1pkFnOsF9G/cUwCgYIKoZIzj0EAwIwNjE0MDIGA1UEAwwrc2VjdXJlbGluayBzdGFydC11cCB3YXJtLXVwIChuZXZlciB0cnVzdGVkKTAeFw0yNjExMjcwNDM0MTVaFw0yNjExMjgwNDM0MTVaMDYxNDAyBgNVBAMMK3NlY3VyZWxpbmsgc3RhcnQtdXAgd2FybS11cCAobmV2ZXIgdHJ1c3RlZCkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASoX92+7mNeQSvJaB1e5Fue+YLLPqIavlPx+BuANVEhqxDM3MawLV97Jwz9DS6aTiM8gEF20M0/TN64l7eW1lqTo1MwUTAdBgNVHQ4EFgQUrN0d8qR4uFSnak8GgMB8lQ5vaAUwHwYDVR0jBBgwFoAUrN0d8qR4uFSnak8GgMB8lQ5vaAUwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiB8ZPr6nF5/HeMTpkdjL1zLLx5V6sn4tfRJAXVXU+GT/wIhAKAMCwwlDyTaj9B4yXcF6tN0kb+RZXzQUYc/T6DmIseO";

    private CertificateParserWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns it. */
    public static Thread start() {
        Thread t = new Thread(CertificateParserWarmUp::parse, "sl-x509-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void parse() {
        try {
            certificate().getPublicKey();
        } catch (CertificateException | RuntimeException ignored) {
            // The caller's own first parse meets the same problem and reports it.
        }
    }

    /** The certificate the warm-up parses, with the JDK's factory, as every configured certificate is parsed. */
    static X509Certificate certificate() throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(CERTIFICATE)));
    }
}
