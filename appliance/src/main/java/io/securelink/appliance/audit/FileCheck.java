package io.securelink.appliance.audit;

import io.securelink.appliance.config.LinkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files behind the config. Secrets (private keys, passphrase and password files) must belong to the
 * service user (or root) and be readable by nobody else, except a group named like the service user
 * (the {@code root:securelink 0640} layout); nothing the config names may be writable by others; and a
 * private key lying in the config folder that the config never names is a leftover to remove.
 */
public final class FileCheck implements AuditCheck {
    private static final int SCAN_DEPTH = 4;

    @Override
    public List<Finding> run(AuditContext ctx) {
        List<Finding> out = new ArrayList<>();
        Set<Path> secrets = new LinkedHashSet<>();
        for (LinkConfig link : ctx.config().links().values()) {
            secrets.add(link.tls().key());
            link.tls().keyPassphraseFile().ifPresent(secrets::add);
        }
        ctx.config().status().flatMap(s -> s.passwordFile()).ifPresent(secrets::add);
        for (Path p : ctx.config().files()) {
            if (holdsPrivateKey(p)) {
                secrets.add(p);
            }
        }
        for (Path p : secrets) {
            secret(p, ctx.serviceUser(), out);
        }
        for (Path p : ctx.config().files()) {
            writable(p, p.equals(ctx.config().source()), out);
        }
        unreferencedKeys(ctx, out);
        return out;
    }

    private static void secret(Path p, String serviceUser, List<Finding> out) {
        PosixFileAttributes a = attributes(p);
        if (a == null) {
            return;
        }
        String owner = a.owner().getName();
        if (!owner.equals(serviceUser) && !owner.equals("root")) {
            out.add(new Finding("files.secret-wrong-owner", Severity.MEDIUM, p.toString(),
                    "holds a secret but belongs to " + owner + " (service user: " + serviceUser + ")",
                    "chown " + serviceUser + " " + p));
        }
        Set<PosixFilePermission> perms = a.permissions();
        String mode = PosixFilePermissions.toString(perms);
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            out.add(new Finding("files.secret-world-accessible", Severity.HIGH, p.toString(),
                    "holds a secret and is accessible to every user (mode " + mode + ")", "chmod 600 " + p));
        }
        boolean groupAccess = perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.GROUP_WRITE);
        if (groupAccess && !a.group().getName().equals(serviceUser)) {
            out.add(new Finding("files.secret-group-readable", Severity.MEDIUM, p.toString(),
                    "holds a secret and group " + a.group().getName() + " can access it (mode " + mode + ")",
                    "chmod 600 " + p + " (or chgrp " + serviceUser + " and chmod 640)"));
        }
    }

    private static void writable(Path p, boolean isConfig, List<Finding> out) {
        PosixFileAttributes a = attributes(p);
        if (a == null) {
            return;
        }
        String mode = PosixFilePermissions.toString(a.permissions());
        if (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            out.add(new Finding(isConfig ? "files.config-writable" : "files.named-file-writable", Severity.HIGH, p.toString(),
                    "writable by every user (mode " + mode + "): anyone can change what the appliance trusts or runs",
                    "chmod o-w " + p));
        } else if (isConfig && a.permissions().contains(PosixFilePermission.GROUP_WRITE)) {
            out.add(new Finding("files.config-writable", Severity.MEDIUM, p.toString(),
                    "writable by group " + a.group().getName() + " (mode " + mode + ")", "chmod g-w " + p));
        }
    }

    private static void unreferencedKeys(AuditContext ctx, List<Finding> out) {
        Path dir = ctx.config().source().getParent();
        Path state = ctx.config().appliance().stateDir().toAbsolutePath().normalize();
        Set<Path> named = ctx.config().files();
        try (Stream<Path> s = Files.walk(dir, SCAN_DEPTH)) {
            s.filter(p -> !p.toAbsolutePath().normalize().startsWith(state))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !named.contains(p.toAbsolutePath().normalize()))
                    .filter(FileCheck::holdsPrivateKey)
                    .sorted()
                    .forEach(p -> out.add(new Finding("files.unreferenced-key", Severity.MEDIUM, p.toString(),
                            "a private key in the config folder that the config does not name",
                            "remove it, or move it out of the appliance (an unused key is only a liability)")));
        } catch (IOException | java.io.UncheckedIOException e) {
            out.add(new Finding("files.scan-failed", Severity.INFO, dir.toString(), "cannot list the config folder: " + e.getMessage(),
                    "run the audit as a user that can read the config folder"));
        }
    }

    static boolean holdsPrivateKey(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".p12") || n.endsWith(".pfx")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(p)) {
            String head = new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1);
            return head.contains("PRIVATE KEY-----");
        } catch (IOException e) {
            return false;
        }
    }

    private static PosixFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
