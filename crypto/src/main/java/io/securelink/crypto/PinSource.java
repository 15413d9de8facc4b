package io.securelink.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Finds every pinnable key in a file handed to {@code securelink pin}: PEM certificates (each of a
 * chain), public keys, CSRs and private keys (pinning the derived public key), a DER certificate, or a
 * PKCS#12 file. Nothing is trusted or validated here; this only reports what would be pinned.
 */
public final class PinSource {
    private static final byte[] PEM_MARKER = "-----BEGIN ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PinSource() {
    }

    public static List<PinnedItem> read(Path file, char[] passphraseOrNull) throws KeyMaterialException {
        if (Pkcs12Files.isPkcs12Name(file)) {
            return fromPkcs12(file, passphraseOrNull);
        }
        byte[] bytes = FileContents.read(file);
        if (contains(bytes, PEM_MARKER)) {
            java.util.Optional<List<PinnedItem>> certificates = certificatesOnly(bytes);
            return certificates.isPresent() ? certificates.get() : fromPem(file, passphraseOrNull);
        }
        try {
            return List.of(certificateItem(JdkObjects.certificate(bytes)));
        } catch (CertificateException | RuntimeException notDerCertificate) {
            try {
                return fromPkcs12(file, passphraseOrNull);
            } catch (KeyMaterialException notPkcs12) {
                // The parser's own words ("toDerInputStream rejects tag type 35") help nobody: say what the file is not.
                throw new KeyMaterialException(file + " holds no certificate or key: it is not PEM (no -----BEGIN line),"
                        + " a DER certificate or a PKCS#12 file; give a certificate, chain, public key, CSR or private key",
                        notPkcs12);
            }
        }
    }

    /**
     * A file of PEM certificates only (the common case: a certificate or chain), each read with Bouncy
     * Castle's ASN.1 certificate structure: the same pin (the pin is always the SubjectPublicKeyInfo as that
     * structure encodes it, see {@link SpkiPin#of(X509Certificate)}), subject, issuer and notAfter as the
     * full path gives, without starting Bouncy Castle's PEM parser or the JDK's certificate factory (each
     * makes the JVM search every jar for a logging backend, the factory for its security-event logger).
     * Empty when the file holds anything else or a block does not parse; then the full path reads it, with
     * its error messages. {@code PinSourceTest} holds both paths to the same items.
     */
    static java.util.Optional<List<PinnedItem>> certificatesOnly(byte[] bytes) {
        java.util.Optional<List<PemBlocks.Block>> blocks = PemBlocks.of(bytes, java.util.Set.of(PemBlocks.CERTIFICATE));
        if (blocks.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            List<PinnedItem> items = new ArrayList<>();
            for (PemBlocks.Block block : blocks.get()) {
                items.add(certificateItem(org.bouncycastle.asn1.x509.Certificate.getInstance(block.der())));
            }
            return java.util.Optional.of(List.copyOf(items));
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static PinnedItem certificateItem(org.bouncycastle.asn1.x509.Certificate c) throws IOException, java.text.ParseException {
        return new PinnedItem(PinnedItem.CERTIFICATE,
                DistinguishedNames.display(new javax.security.auth.x500.X500Principal(c.getSubject().getEncoded(ASN1Encoding.DER))),
                DistinguishedNames.display(new javax.security.auth.x500.X500Principal(c.getIssuer().getEncoded(ASN1Encoding.DER))),
                CertificateTimes.of(c.getEndDate()),
                SpkiPin.ofSubjectPublicKeyInfo(c.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<PinnedItem> fromPem(Path file, char[] passphrase) throws KeyMaterialException {
        List<Object> objects = PemObjects.read(file);
        List<PinnedItem> items = new ArrayList<>();
        for (Object o : objects) {
            try {
                if (o instanceof X509CertificateHolder holder) {
                    items.add(certificateItem(JdkObjects.certificate(holder.getEncoded())));
                } else if (o instanceof X509TrustedCertificateBlock trusted) {
                    items.add(certificateItem(JdkObjects.certificate(trusted.getCertificateHolder().getEncoded())));
                } else if (o instanceof SubjectPublicKeyInfo spki) {
                    items.add(new PinnedItem(PinnedItem.PUBLIC_KEY, null, null, null, pinOf(spki)));
                } else if (o instanceof PKCS10CertificationRequest csr) {
                    items.add(new PinnedItem(PinnedItem.CSR, DistinguishedNames.display(new javax.security.auth.x500.X500Principal(csr.getSubject().getEncoded())), null, null,
                            pinOf(csr.getSubjectPublicKeyInfo())));
                } else if (PemObjects.isPrivateKey(o)) {
                    PrivateKeyInfo key = PrivateKeyDecoder.decode(o, file, passphrase).orElseThrow();
                    items.add(new PinnedItem(PinnedItem.PRIVATE_KEY, null, null, null, pinOf(PublicKeyDerivation.of(key))));
                }
            } catch (IOException | CertificateException | IllegalArgumentException e) {
                throw new KeyMaterialException("cannot read the " + PemObjects.describe(o) + " #" + (items.size() + 1)
                        + " in " + file + ": " + e.getMessage(), e);
            }
        }
        if (items.isEmpty()) {
            throw new KeyMaterialException("nothing to pin in " + file + " (" + PemObjects.inventory(objects)
                    + "; expected a certificate, public key, certificate request or private key)");
        }
        return List.copyOf(items);
    }

    private static List<PinnedItem> fromPkcs12(Path file, char[] passphrase) throws KeyMaterialException {
        Pkcs12Files.Contents contents = Pkcs12Files.read(file, passphrase);
        List<PinnedItem> items = new ArrayList<>();
        for (Pkcs12Files.KeyEntry entry : contents.keyEntries()) {
            entry.chain().forEach(c -> items.add(certificateItem(c)));
        }
        contents.otherCertificates().forEach(c -> items.add(certificateItem(c)));
        if (items.isEmpty()) {
            throw new KeyMaterialException("no certificate in PKCS#12 file " + file);
        }
        return List.copyOf(items);
    }

    private static PinnedItem certificateItem(X509Certificate c) {
        CertificateSummary s = CertificateSummary.of(c);
        return new PinnedItem(PinnedItem.CERTIFICATE, s.subject(), s.issuer(), s.notAfter(), s.pin());
    }

    private static SpkiPin pinOf(SubjectPublicKeyInfo spki) throws IOException {
        return SpkiPin.ofSubjectPublicKeyInfo(spki.getEncoded(ASN1Encoding.DER));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0) >= 0;
    }
}
