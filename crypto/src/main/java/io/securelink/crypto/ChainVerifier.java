package io.securelink.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Offline PKIX validation of a presented chain against configured anchors at a chosen instant, for
 * {@code check-config} and audits; it checks signatures, validity periods (including the anchor's,
 * as OpenSSL does) and CA constraints, but not revocation.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /**
     * @param chain leaf first; may end with the anchor itself
     * @return the validated path, leaf first, ending with the anchor
     */
    public static List<X509Certificate> verify(List<X509Certificate> chain, Collection<X509Certificate> anchors, Instant at)
            throws ChainException {
        if (chain.isEmpty()) {
            throw new ChainException(ChainException.Reason.OTHER, "empty certificate chain");
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (anchors.contains(c)) {
                break;
            }
            path.add(c);
        }
        if (path.isEmpty()) {
            X509Certificate anchor = chain.get(0);
            checkAnchorValidity(anchor, at);
            return List.of(anchor);
        }
        X509Certificate top = path.get(path.size() - 1);
        X509Certificate anchor = issuingAnchor(top, anchors);
        validate(path, anchor, at);
        checkAnchorValidity(anchor, at);
        path.add(anchor);
        return List.copyOf(path);
    }

    private static X509Certificate issuingAnchor(X509Certificate top, Collection<X509Certificate> anchors) throws ChainException {
        boolean sameName = false;
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
                sameName = true;
                if (Certificates.signedBy(top, anchor)) {
                    return anchor;
                }
                // otherwise another anchor with the same name may hold the right key
            }
        }
        String issuer = name(top.getIssuerX500Principal());
        String trusted = anchors.isEmpty() ? "no trust anchors are configured"
                : "trusted: " + String.join("; ", anchors.stream().map(a -> name(a.getSubjectX500Principal())).toList());
        throw new ChainException(ChainException.Reason.UNKNOWN_ISSUER, sameName
                ? "certificate " + name(top.getSubjectX500Principal()) + " names issuer " + issuer
                        + ", but no trust anchor of that name signed it (" + trusted + ")"
                : "certificate " + name(top.getSubjectX500Principal()) + " was issued by " + issuer
                        + ", which is not a trust anchor (" + trusted + ")");
    }

    private static void validate(List<X509Certificate> path, X509Certificate anchor, Instant at) throws ChainException {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            X509Certificate offending = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex())
                    : path.get(path.size() - 1);
            throw failure(e, offending, at);
        } catch (GeneralSecurityException e) {
            throw new ChainException(ChainException.Reason.OTHER, "cannot validate the chain of "
                    + name(path.get(0).getSubjectX500Principal()) + ": " + e.getMessage(), e);
        }
    }

    private static ChainException failure(CertPathValidatorException e, X509Certificate c, Instant at) {
        String subject = name(c.getSubjectX500Principal());
        if (e.getReason() == BasicReason.EXPIRED) {
            return new ChainException(ChainException.Reason.EXPIRED, "certificate " + subject + " expired at "
                    + c.getNotAfter().toInstant() + " (checked at " + at + ")", e);
        } else if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return new ChainException(ChainException.Reason.NOT_YET_VALID, "certificate " + subject
                    + " is not valid before " + c.getNotBefore().toInstant() + " (checked at " + at + ")", e);
        } else if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
            return new ChainException(ChainException.Reason.BAD_SIGNATURE, "the signature on certificate " + subject
                    + " does not verify with the key of its issuer " + name(c.getIssuerX500Principal()), e);
        } else if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return new ChainException(ChainException.Reason.UNKNOWN_ISSUER, "certificate " + subject
                    + " does not chain to a trust anchor: " + e.getMessage(), e);
        }
        return new ChainException(ChainException.Reason.OTHER, "certificate " + subject + " rejected: " + e.getMessage(), e);
    }

    private static void checkAnchorValidity(X509Certificate anchor, Instant at) throws ChainException {
        String subject = name(anchor.getSubjectX500Principal());
        try {
            anchor.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            throw new ChainException(ChainException.Reason.EXPIRED, "trust anchor " + subject + " expired at "
                    + anchor.getNotAfter().toInstant() + " (checked at " + at + ")", e);
        } catch (CertificateNotYetValidException e) {
            throw new ChainException(ChainException.Reason.NOT_YET_VALID, "trust anchor " + subject
                    + " is not valid before " + anchor.getNotBefore().toInstant() + " (checked at " + at + ")", e);
        }
    }

    private static String name(javax.security.auth.x500.X500Principal p) {
        return DistinguishedNames.display(p);
    }
}
