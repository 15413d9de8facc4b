package io.securelink.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Raw certificate fields the JDK API does not expose as encoded structures. */
final class CertificateFields {
    private CertificateFields() {
    }

    /**
     * The DER SubjectPublicKeyInfo exactly as carried in the certificate. Read as the sixth field of the
     * TBSCertificate after its optional version, without building the whole certificate structure: that builds the
     * subject and issuer names, whose first use sets up Bouncy Castle's name styles (a few ms of a cold start).
     */
    static byte[] subjectPublicKeyInfo(X509Certificate cert) {
        try {
            ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(encoded(cert)).getObjectAt(0));
            int first = tbs.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1TaggedObject ? 1 : 0;
            return SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(first + 5)).getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cannot encode the public key of certificate "
                    + DistinguishedNames.display(cert.getSubjectX500Principal()), e);
        }
    }

    static Optional<byte[]> subjectKeyIdentifier(X509Certificate cert) {
        return extension(cert, Extension.subjectKeyIdentifier)
                .map(octets -> SubjectKeyIdentifier.getInstance(octets).getKeyIdentifier());
    }

    /** The subjectAltName extension, or empty names when the certificate has none. */
    static GeneralNames subjectAltNames(X509Certificate cert) {
        try {
            return extension(cert, Extension.subjectAlternativeName)
                    .map(GeneralNames::getInstance)
                    .orElseGet(() -> new GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[0]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("certificate " + DistinguishedNames.display(cert.getSubjectX500Principal())
                    + " has a malformed subjectAltName extension", e);
        }
    }

    private static Optional<byte[]> extension(X509Certificate cert, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        byte[] wrapped = cert.getExtensionValue(oid.getId());
        return wrapped == null ? Optional.empty() : Optional.of(ASN1OctetString.getInstance(wrapped).getOctets());
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate "
                    + DistinguishedNames.display(cert.getSubjectX500Principal()) + " cannot be encoded", e);
        }
    }
}
