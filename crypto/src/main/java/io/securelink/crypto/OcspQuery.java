package io.securelink.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One OCSP question (RFC 6960) about one certificate, and the checks on its answer: a fresh random
 * nonce that the answer must echo; the answer's signature made by the issuing CA's key, or by a
 * responder certificate that the same CA issued with {@code id-kp-OCSPSigning} and that is valid now
 * (no other delegate is accepted); the answer about exactly this certificate; a thisUpdate not in the
 * future and a nextUpdate not in the past (5 minutes of clock skew allowed). Any failure is a
 * {@link CryptoException} saying which check failed; a failed check is never an answer.
 */
public final class OcspQuery {
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final X509Certificate issuer;
    private final CertificateID id;
    private final byte[] nonce;
    private final byte[] encoded;

    private OcspQuery(X509Certificate certificate, X509Certificate issuer, CertificateID id, byte[] nonce, byte[] encoded) {
        this.certificate = certificate;
        this.issuer = issuer;
        this.id = id;
        this.nonce = nonce;
        this.encoded = encoded;
    }

    /** A request with a 16-byte nonce about {@code certificate}, issued by {@code issuer}. */
    public static OcspQuery of(X509Certificate certificate, X509Certificate issuer) throws CryptoException {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce))));
            return new OcspQuery(certificate, issuer, id, nonce, b.build().getEncoded());
        } catch (OperatorCreationException | CertificateEncodingException | OCSPException | IOException e) {
            throw new CryptoException("cannot build an OCSP request for serial " + certificate.getSerialNumber().toString(16)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The DER request, to POST as {@code application/ocsp-request}. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public BigInteger serial() {
        return certificate.getSerialNumber();
    }

    /** The responder a certificate names in its Authority Information Access extension, if any (http only). */
    public static Optional<URI> responderOf(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) {
            return Optional.empty();
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    URI u = URI.create(d.getAccessLocation().getName().toString());
                    if ("http".equals(u.getScheme())) {
                        return Optional.of(u);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Verifies a response to this request (the nonce must be echoed). */
    public OcspAnswer verify(byte[] response, Instant now) throws CryptoException {
        return verify(response, certificate, issuer, nonce, now);
    }

    /**
     * Verifies a stapled response about {@code certificate} (no nonce: the server fetched it earlier;
     * freshness comes from thisUpdate/nextUpdate).
     */
    public static OcspAnswer verifyStapled(byte[] response, X509Certificate certificate, X509Certificate issuer, Instant now)
            throws CryptoException {
        return verify(response, certificate, issuer, null, now);
    }

    private static OcspAnswer verify(byte[] response, X509Certificate certificate, X509Certificate issuer, byte[] nonce, Instant now)
            throws CryptoException {
        String about = "OCSP answer about serial " + certificate.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
            OCSPResp resp = new OCSPResp(response);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new CryptoException(about + ": responder answered status " + resp.getStatus() + " (" + statusName(resp.getStatus()) + ")");
            }
            if (!(resp.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new CryptoException(about + ": not a basic OCSP response");
            }
            String signer = signer(basic, issuer, now, about);
            if (nonce != null) {
                Extension n = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
                if (n == null) {
                    throw new CryptoException(about + ": the response does not echo the request's nonce (a replayed or pre-signed answer)");
                }
                byte[] raw = n.getExtnValue().getOctets();
                byte[] inner = null;
                try {
                    inner = ASN1OctetString.getInstance(raw).getOctets();
                } catch (IllegalArgumentException e) {
                    inner = null;
                }
                if (!Arrays.equals(raw, nonce) && (inner == null || !Arrays.equals(inner, nonce))) {
                    throw new CryptoException(about + ": the response's nonce is not the request's (a replayed answer)");
                }
            }
            SingleResp single = null;
            for (SingleResp s : basic.getResponses()) {
                if (s.getCertID().equals(id)) {
                    single = s;
                }
            }
            if (single == null) {
                throw new CryptoException(about + ": the response says nothing about this certificate");
            }
            Instant thisUpdate = single.getThisUpdate().toInstant();
            Optional<Instant> nextUpdate = Optional.ofNullable(single.getNextUpdate()).map(java.util.Date::toInstant);
            if (thisUpdate.isAfter(now.plus(SKEW))) {
                throw new CryptoException(about + ": thisUpdate " + thisUpdate + " is in the future");
            }
            if (nextUpdate.isPresent() && nextUpdate.get().isBefore(now.minus(SKEW))) {
                throw new CryptoException(about + ": out of date (nextUpdate " + nextUpdate.get() + " has passed)");
            }
            CertificateStatus st = single.getCertStatus();
            if (st == CertificateStatus.GOOD) {
                return new OcspAnswer(OcspAnswer.Status.GOOD, Optional.empty(), thisUpdate, nextUpdate, signer, response);
            }
            if (st instanceof RevokedStatus r) {
                String reason = r.hasRevocationReason()
                        ? RevocationList.reasonName(java.security.cert.CRLReason.values()[r.getRevocationReason()]) : "unspecified";
                return new OcspAnswer(OcspAnswer.Status.REVOKED,
                        Optional.of(new Revocation(certificate.getSerialNumber(), r.getRevocationTime().toInstant(), reason)),
                        thisUpdate, nextUpdate, signer, response);
            }
            if (st instanceof UnknownStatus) {
                return new OcspAnswer(OcspAnswer.Status.UNKNOWN, Optional.empty(), thisUpdate, nextUpdate, signer, response);
            }
            throw new CryptoException(about + ": unexpected certificate status " + st);
        } catch (IOException | OCSPException | OperatorCreationException | CertificateEncodingException | RuntimeException e) {
            throw new CryptoException(about + ": unreadable response: " + e.getMessage(), e);
        }
    }

    /** Who signed: the CA itself, or a delegate the CA issued for OCSP signing; anything else throws. */
    private static String signer(BasicOCSPResp basic, X509Certificate issuer, Instant now, String about)
            throws CryptoException, OperatorCreationException {
        JcaContentVerifierProviderBuilder vb = new JcaContentVerifierProviderBuilder();
        ContentVerifierProvider byIssuer = vb.build(issuer.getPublicKey());
        if (valid(basic, byIssuer)) {
            return issuer.getSubjectX500Principal().getName();
        }
        X509CertificateHolder issuerHolder;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
        } catch (CertificateEncodingException e) {
            throw new CryptoException(about + ": " + e.getMessage(), e);
        }
        for (X509CertificateHolder delegate : basic.getCerts()) {
            try {
                if (!delegate.getIssuer().equals(issuerHolder.getSubject()) || !delegate.isSignatureValid(byIssuer)) {
                    continue;
                }
                if (!delegate.isValidOn(java.util.Date.from(now))) {
                    throw new CryptoException(about + ": the delegated responder certificate " + delegate.getSubject() + " is not valid now");
                }
                org.bouncycastle.asn1.x509.ExtendedKeyUsage eku = org.bouncycastle.asn1.x509.ExtendedKeyUsage.fromExtensions(delegate.getExtensions());
                if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
                    throw new CryptoException(about + ": the responder certificate " + delegate.getSubject()
                            + " was issued by the CA but not for OCSP signing (no id-kp-OCSPSigning)");
                }
                if (valid(basic, vb.build(delegate))) {
                    return delegate.getSubject().toString();
                }
            } catch (CertificateException | org.bouncycastle.cert.CertException e) {
                // Not a usable delegate; try the next.
            }
        }
        throw new CryptoException(about + ": signature does not verify with the issuing CA's key nor with an OCSP responder"
                + " certificate that CA issued (a forged or foreign answer)");
    }

    private static boolean valid(BasicOCSPResp basic, ContentVerifierProvider p) {
        try {
            return basic.isSignatureValid(p);
        } catch (OCSPException e) {
            return false;
        }
    }

    private static String statusName(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> "malformedRequest";
            case OCSPResp.INTERNAL_ERROR -> "internalError";
            case OCSPResp.TRY_LATER -> "tryLater";
            case OCSPResp.SIG_REQUIRED -> "sigRequired";
            case OCSPResp.UNAUTHORIZED -> "unauthorized";
            default -> "unknown";
        };
    }

}
