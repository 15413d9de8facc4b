package io.securelink.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The SPKI pin of every certificate in a {@code pin-certificates} file, with whether each is a CA (so the
 * config can warn that pinning a CA pins everything it issues). Only the keys are used, so a file of PEM
 * certificates is read with Bouncy Castle's ASN.1 certificate structure, as {@code securelink pin} reads it:
 * the JDK's certificate factory and Bouncy Castle's PEM parser each make the JVM search every jar for a
 * logging backend, a large share of a cold {@code check-config}. Anything else goes through
 * {@link PemFiles#readCertificates}, with its error messages.
 */
public final class CertificatePins {
    /** One certificate's pin; {@code subject} is its subject in RFC 2253 form. */
    public record Entry(SpkiPin pin, boolean authority, String subject) {
    }

    private CertificatePins() {
    }

    public static List<Entry> read(Path file) throws KeyMaterialException {
        Optional<List<Entry>> plain = plain(FileContents.read(file));
        if (plain.isPresent()) {
            return plain.get();
        }
        List<Entry> entries = new ArrayList<>();
        for (X509Certificate c : PemFiles.readCertificates(file)) {
            entries.add(new Entry(SpkiPin.of(c), c.getBasicConstraints() >= 0, c.getSubjectX500Principal().getName()));
        }
        return List.copyOf(entries);
    }

    static Optional<List<Entry>> plain(byte[] pem) {
        Optional<List<PemBlocks.Block>> blocks = PemBlocks.of(pem, Set.of(PemBlocks.CERTIFICATE));
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (PemBlocks.Block block : blocks.get()) {
                Certificate c = Certificate.getInstance(block.der());
                BasicConstraints constraints = c.getTBSCertificate().getExtensions() == null ? null
                        : BasicConstraints.fromExtensions(c.getTBSCertificate().getExtensions());
                entries.add(new Entry(SpkiPin.ofSubjectPublicKeyInfo(c.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)),
                        constraints != null && constraints.isCA(),
                        new X500Principal(c.getSubject().getEncoded(ASN1Encoding.DER)).getName()));
            }
        } catch (IOException | RuntimeException unparsable) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(entries));
    }
}
