package io.securelink.appliance.tls;

import java.security.cert.CertificateException;

/** Thrown from the trust manager to abort a handshake; carries the full {@link PeerRefusal}. */
public final class PeerRefusedException extends CertificateException {
    private final transient PeerRefusal refusal;

    public PeerRefusedException(PeerRefusal refusal, Throwable cause) {
        super(refusal.describe(), cause);
        this.refusal = refusal;
    }

    public PeerRefusal refusal() {
        return refusal;
    }
}
