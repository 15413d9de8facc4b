package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.IdentityFormatException;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.PinFormatException;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.SpkiPin;
import io.securelink.crypto.TrustBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The key-material fields shared by link TLS sections and {@code status.mqtt}: credentials (with the
 * key file's mode checked first), trust bundles, pins, identity allow-lists and TLS versions. Each reads
 * the files a field names and records a problem on the section instead of throwing.
 */
final class TlsFields {
    private static final List<String> SUPPORTED_VERSIONS = List.of("TLSv1.3", "TLSv1.2");

    private TlsFields() {
    }

    /** Reads a PEM/P12 credential pair, checking the key file's mode first. */
    static Optional<Credentials> credentials(YamlSection s, ConfigLoader.Context ctx, Path cert, Path key, Optional<Path> passFile) {
        if (ctx.pending(cert) || ctx.pending(key)) {
            pendingPair(s, ctx, cert, key);
            return Optional.empty();
        }
        boolean ok = readable(s, "certificate", cert) & readable(s, "key", key);
        char[] pass = null;
        if (passFile.isPresent()) {
            if (!readable(s, "key-passphrase-file", passFile.get())) {
                return Optional.empty();
            }
            if (!secretMode(s, ctx, "key-passphrase-file", passFile.get())) {
                ok = false;
            }
            try {
                String p = Files.readString(passFile.get(), StandardCharsets.UTF_8);
                pass = p.strip().toCharArray();
            } catch (IOException e) {
                s.problem("key-passphrase-file", "cannot read " + passFile.get() + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        if (!secretMode(s, ctx, "key", key)) {
            return Optional.empty();
        }
        try {
            char[] p = pass;
            Credentials c = ctx.reads().credentials(cert, key, passFile, () -> Credentials.load(cert, key, p));
            CertificateValidityWarning.of(cert, c.leaf(), java.time.Instant.now())
                    .ifPresent(w -> ctx.warnings().add(s.located("certificate", w)));
            return Optional.of(c);
        } catch (KeyMaterialException e) {
            s.problem("key", e.getMessage());
            return Optional.empty();
        } finally {
            if (pass != null) {
                Arrays.fill(pass, '\0');
            }
        }
    }

    /**
     * A certificate and key of a dev PKI that {@code run} will generate ({@link ConfigLoader#check}): each must
     * be a file it generates, and the key the one it generates for that certificate.
     */
    private static void pendingPair(YamlSection s, ConfigLoader.Context ctx, Path cert, Path key) {
        String c = ctx.pendingName(cert);
        String k = ctx.pendingName(key);
        if (ctx.pending(cert) && !DevPkiLayout.isCertificate(c)) {
            s.problem("certificate", notGenerated(ctx, cert));
        } else if (ctx.pending(key) && !DevPkiLayout.isKey(k)) {
            s.problem("key", notGenerated(ctx, key));
        } else if (!ctx.pending(key)) {
            s.problem("key", key + " cannot belong to " + cert + ": the dev PKI generates its own key for it ("
                    + DevPkiLayout.keyOf(c).orElseThrow() + ")");
        } else if (!ctx.pending(cert)) {
            s.problem("key", key + " will be a key the dev PKI generates, so it cannot belong to " + cert);
        } else if (!DevPkiLayout.keyOf(c).orElseThrow().equals(k)) {
            s.problem("key", key + " will not belong to " + cert + ": the dev PKI generates "
                    + DevPkiLayout.keyOf(c).orElseThrow() + " for it");
        }
    }

    static String notGenerated(ConfigLoader.Context ctx, Path p) {
        return "file " + p + " is not one the dev PKI will generate (it makes " + DevPkiLayout.names() + " in "
                + ctx.pendingDevPki().get(0) + " when `securelink run` first starts)";
    }

    static boolean readable(YamlSection s, String field, Path p) {
        if (!Files.exists(p)) {
            s.problem(field, "file " + p + " does not exist");
            return false;
        }
        if (Files.isDirectory(p)) {
            s.problem(field, p + " is a directory; name the file in it");
            return false;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            s.problem(field, "file " + p + " is not a readable file" + UnreadableFile.why(p));
            return false;
        }
        return true;
    }

    /** Files holding secrets must not be readable by others (group is allowed: root:securelink 0640). */
    static boolean secretMode(YamlSection s, ConfigLoader.Context ctx, String field, Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                java.util.Optional<String> notAKey = "key".equals(field) ? NotAKeyFile.why(p) : java.util.Optional.empty();
                if (notAKey.isPresent()) {
                    // A certificate named as the key is readable by everyone as it should be: the mistake is the name.
                    s.problem(field, notAKey.get());
                    return false;
                }
                String message = p + " holds a secret but is accessible to every user (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); run: chmod 600 " + p;
                if (ctx.lenientSecrets()) {
                    // audit: a finding (files.secret-world-accessible) among the others, not a reason to stop
                    ctx.warnings().add(s.located(field, message));
                    return true;
                }
                s.problem(field, message);
                return false;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
        return true;
    }

    /**
     * The certificates of a trust bundle (read once per load, {@link KeyMaterialReads}), or none yet for a
     * certificate file of a dev PKI not made yet (checked by name).
     */
    static List<X509Certificate> trustBundle(YamlSection s, ConfigLoader.Context ctx, String field, Path p) {
        if (ctx.pending(p)) {
            if (!DevPkiLayout.isCertificate(ctx.pendingName(p))) {
                s.problem(field, notGenerated(ctx, p));
            }
            return List.of();
        }
        if (!readable(s, field, p)) {
            return List.of();
        }
        try {
            return ctx.reads().trustBundle(p, () -> TrustBundle.load(p));
        } catch (KeyMaterialException e) {
            s.problem(field, e.getMessage());
            return List.of();
        }
    }

    /** The {@code pins} and {@code pin-certificates} entries of a TLS section, merged into one set. */
    static PinSet pins(YamlSection s, ConfigLoader.Context ctx) {
        Set<SpkiPin> pins = new LinkedHashSet<>();
        for (YamlSection.Located l : s.list("pins")) {
            try {
                pins.add(SpkiPin.parse(l.value()));
            } catch (PinFormatException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        for (YamlSection.Located l : s.list("pin-certificates")) {
            Path p = ctx.resolve(l.value());
            if (ctx.pending(p)) {
                // The pins are not known before run generates the PKI; one stand-in keeps "has pins" checks true.
                String name = ctx.pendingName(p);
                if (!DevPkiLayout.isCertificate(name)) {
                    s.add(s.problemAt(l.mark(), l.field(), notGenerated(ctx, p)));
                    continue;
                }
                pins.add(pendingPin(p));
                if (DevPkiLayout.holdsCa(name)) {
                    ctx.warnings().add(s.problemAt(l.mark(), l.field(), CaPinWarning.message(p, DevPkiLayout.CA_SUBJECT)));
                }
                continue;
            }
            if (!Files.isReadable(p)) {
                s.add(s.problemAt(l.mark(), l.field(), "file " + p + " does not exist or is not readable"));
                continue;
            }
            try {
                for (X509Certificate c : PemFiles.readCertificates(p)) {
                    pins.add(SpkiPin.of(c));
                    if (c.getBasicConstraints() >= 0) {
                        ctx.warnings().add(s.problemAt(l.mark(), l.field(), CaPinWarning.message(p, c.getSubjectX500Principal().getName())));
                    }
                }
            } catch (KeyMaterialException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        return PinSet.of(pins);
    }

    /** A stand-in pin for a certificate file the dev PKI will generate (never used to run: see ConfigLoader.check). */
    private static SpkiPin pendingPin(Path p) {
        try {
            return new SpkiPin(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("dev-pki not made yet: " + p).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    static IdentityAllowList identities(YamlSection s, String key) {
        List<String> values = new ArrayList<>();
        for (YamlSection.Located l : s.list(key)) {
            try {
                IdentityAllowList.parse(List.of(l.value()));
                values.add(l.value());
            } catch (IdentityFormatException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        try {
            return IdentityAllowList.parse(values);
        } catch (IdentityFormatException e) {
            throw new IllegalStateException("identities validated one by one", e);
        }
    }

    static List<String> versions(YamlSection s) {
        List<YamlSection.Located> raw = s.list("versions");
        if (raw.isEmpty()) {
            return SUPPORTED_VERSIONS;
        }
        List<String> out = new ArrayList<>();
        for (YamlSection.Located l : raw) {
            String v = switch (l.value().trim()) {
                case "TLSv1.3", "1.3", "tls1.3" -> "TLSv1.3";
                case "TLSv1.2", "1.2", "tls1.2" -> "TLSv1.2";
                default -> null;
            };
            if (v == null) {
                s.add(s.problemAt(l.mark(), l.field(), "'" + l.value() + "' is not supported (TLSv1.3 or TLSv1.2 only)"));
            } else if (!out.contains(v)) {
                out.add(v);
            }
        }
        out.sort((a, b) -> Integer.compare(SUPPORTED_VERSIONS.indexOf(a), SUPPORTED_VERSIONS.indexOf(b)));
        return List.copyOf(out);
    }
}
