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
            return Optional.of(Credentials.load(cert, key, pass));
        } catch (KeyMaterialException e) {
            s.problem("key", e.getMessage());
            return Optional.empty();
        } finally {
            if (pass != null) {
                Arrays.fill(pass, '\0');
            }
        }
    }

    static boolean readable(YamlSection s, String field, Path p) {
        if (!Files.exists(p)) {
            s.problem(field, "file " + p + " does not exist");
            return false;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            s.problem(field, "file " + p + " is not a readable file");
            return false;
        }
        return true;
    }

    /** Files holding secrets must not be readable by others (group is allowed: root:securelink 0640). */
    static boolean secretMode(YamlSection s, ConfigLoader.Context ctx, String field, Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
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

    static List<X509Certificate> trustBundle(YamlSection s, String field, Path p) {
        if (!readable(s, field, p)) {
            return List.of();
        }
        try {
            return TrustBundle.load(p);
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
            if (!Files.isReadable(p)) {
                s.add(s.problemAt(l.mark(), l.field(), "file " + p + " does not exist or is not readable"));
                continue;
            }
            try {
                for (X509Certificate c : PemFiles.readCertificates(p)) {
                    pins.add(SpkiPin.of(c));
                    if (c.getBasicConstraints() >= 0) {
                        ctx.warnings().add(s.problemAt(l.mark(), l.field(), CaPinWarning.message(p, c)));
                    }
                }
            } catch (KeyMaterialException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        return PinSet.of(pins);
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
