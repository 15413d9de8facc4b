package io.securelink.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * One certificate revocation list as a CA published it (PEM or DER), read once and then only looked
 * up: who issued it, when it was made, when the next one is due, how many serials it revokes, and
 * whether a given serial is one of them. Lookups are hash lookups, so a 1,000-entry CRL costs no more
 * per handshake than a 10-entry one. The signature is checked separately ({@link #signedBy}) because
 * the issuer may be an anchor of the trust bundle or an intermediate that only the peer presents.
 */
public final class RevocationList {
    /** Larger CRLs than this are refused as a file, not parsed. */
    public static final long MAX_BYTES = 64L << 20;

    private final X509CRL crl;
    private final int entries;

    private RevocationList(X509CRL crl) {
        this.crl = crl;
        Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
        this.entries = revoked == null ? 0 : revoked.size();
    }

    /** Reads a CRL file, PEM ({@code -----BEGIN X509 CRL-----}) or DER. */
    public static RevocationList read(Path file) throws KeyMaterialException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new KeyMaterialException(file + ": CRL file is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyMaterialException(file + ": cannot read CRL: " + e.getMessage(), e);
        }
        try {
            Collection<? extends java.security.cert.CRL> crls =
                    CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes));
            if (crls.size() != 1 || !(crls.iterator().next() instanceof X509CRL x)) {
                throw new KeyMaterialException(file + ": expected exactly one X.509 CRL (PEM or DER), found " + crls.size());
            }
            return new RevocationList(x);
        } catch (CRLException | java.security.cert.CertificateException e) {
            throw new KeyMaterialException(file + ": not a readable X.509 CRL (PEM or DER): " + e.getMessage(), e);
        }
    }

    public X500Principal issuer() {
        return crl.getIssuerX500Principal();
    }

    /** The issuer's distinguished name, RFC 2253. */
    public String issuerName() {
        return issuer().getName();
    }

    public Instant thisUpdate() {
        return crl.getThisUpdate().toInstant();
    }

    /** When the CA promised the next CRL; a CRL without it never goes stale. */
    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant);
    }

    public int entries() {
        return entries;
    }

    /** Whether the CRL is past its nextUpdate at {@code now}. */
    public boolean staleAt(Instant now) {
        return nextUpdate().map(now::isAfter).orElse(false);
    }

    /** True when {@code issuer} has the CRL's issuer name and its key verifies the CRL's signature. */
    public boolean signedBy(X509Certificate issuer) {
        if (!issuer.getSubjectX500Principal().equals(issuer())) {
            return false;
        }
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether this CRL speaks for certificates issued by {@code cert}'s issuer. */
    public boolean covers(X509Certificate cert) {
        return cert.getIssuerX500Principal().equals(issuer());
    }

    /** The revocation of {@code serial}, if this CRL lists it ({@code removeFromCRL} entries do not count). */
    public Optional<Revocation> lookup(BigInteger serial) {
        X509CRLEntry e = crl.getRevokedCertificate(serial);
        if (e == null) {
            return Optional.empty();
        }
        CRLReason reason = e.getRevocationReason();
        if (reason == CRLReason.REMOVE_FROM_CRL) {
            return Optional.empty();
        }
        return Optional.of(new Revocation(serial, e.getRevocationDate().toInstant(), reasonName(reason)));
    }

    /** Two lists are equal when they are the same signed CRL (same encoding). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RevocationList r && r.crl.equals(crl);
    }

    @Override
    public int hashCode() {
        return crl.hashCode();
    }

    /** RFC 5280 reason names as openssl writes them ({@code keyCompromise}), {@code unspecified} when absent. */
    static String reasonName(CRLReason reason) {
        if (reason == null) {
            return "unspecified";
        }
        String[] words = reason.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString().replace("caCompromise", "cACompromise").replace("aaCompromise", "aACompromise");
    }
}
