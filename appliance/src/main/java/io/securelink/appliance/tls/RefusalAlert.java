package io.securelink.appliance.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import io.securelink.appliance.event.EventType;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;

/**
 * The TLS alert a refused peer is sent, so that its operator sees why: an untrusted chain gets
 * {@code unknown_ca}, an expired certificate {@code certificate_expired}, a certificate refused by pins
 * or identity {@code bad_certificate}. Without this BoringSSL sends {@code internal_error} for every
 * refusal from the trust manager, which reads like a fault in the appliance. The alert is chosen through
 * the X.509 verify error BoringSSL maps to it; the {@link PeerRefusedException} stays the cause, so the
 * refusal is still counted and described as before. The JDK provider picks its own alert.
 */
final class RefusalAlert {
    private RefusalAlert() {
    }

    static CertificateException forHandshake(PeerRefusedException refused) {
        if (!OpenSsl.isAvailable()) {
            return refused;
        }
        return new OpenSslCertificateException(refused.getMessage(), refused, verifyError(refused));
    }

    private static int verifyError(PeerRefusedException refused) {
        for (Throwable c = refused.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
            }
            if (c instanceof CertificateNotYetValidException) {
                return CertificateVerifier.X509_V_ERR_CERT_NOT_YET_VALID;
            }
        }
        EventType type = refused.refusal().type();
        if (type == EventType.CHAIN_REFUSED && refused.getCause() != null) {
            return CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
        }
        return CertificateVerifier.X509_V_ERR_CERT_REJECTED;
    }
}
