package io.securelink.appliance.auditlog;

import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.Signatures;
import io.securelink.crypto.SpkiPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * The key that signs audit-log checkpoints: a dedicated Ed25519 key, generated on first start into
 * {@code state-dir/audit/audit-signing.key} (mode 0600), with a self-signed certificate holding its
 * public key beside it ({@code audit-signing.crt}) for {@code securelink audit-log verify --cert}. It is
 * separate from the link keys so that rotating a link certificate never breaks the log's history, and
 * so that the audit key can be kept off every TLS code path. Copy the certificate off the appliance when
 * it is first made: a verifier that trusts a certificate read from the same disk as the log trusts
 * whoever can write that disk.
 */
public final class AuditSigningKey {
    public static final String KEY_FILE = "audit-signing.key";
    public static final String CERT_FILE = "audit-signing.crt";
    public static final String ALGORITHM = "Ed25519";

    private final PrivateKey key;
    private final X509Certificate certificate;

    private AuditSigningKey(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Loads the key in {@code dir}, creating it (and its certificate) when absent. */
    public static AuditSigningKey loadOrCreate(Path dir, String applianceId) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            try {
                Credentials c = Credentials.load(certFile, keyFile, null);
                return new AuditSigningKey(c.key(), c.leaf());
            } catch (KeyMaterialException e) {
                throw new IOException("cannot load the audit signing key in " + dir + ": " + e.getMessage(), e);
            }
        }
        if (Files.exists(keyFile) != Files.exists(certFile)) {
            throw new IOException("audit signing key and certificate must both exist in " + dir + " (one is missing); "
                    + "move the remaining one away to start a new key");
        }
        String cn = "securelink audit " + (applianceId.isEmpty() ? "appliance" : applianceId);
        Credentials c = CertificateAuthority.create(cn, KeyType.ED25519, Duration.ofDays(3650 * 3)).credentials();
        PemFiles.writePem(keyFile, c.key(), true);
        PemFiles.writePem(certFile, c.leaf(), false);
        return new AuditSigningKey(c.key(), c.leaf());
    }

    public String sign(String text) {
        try {
            return Base64.getEncoder().encodeToString(Signatures.sign(ALGORITHM, key, text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code base64} is a valid signature of {@code text} by {@code key}. */
    public static boolean verify(PublicKey key, String text, String base64) {
        try {
            return Signatures.verify(ALGORITHM, key, text.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public SpkiPin pin() {
        return SpkiPin.of(certificate);
    }
}
