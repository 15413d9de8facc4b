package io.securelink.appliance.daemon;

import io.securelink.appliance.runtime.RuntimeStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks the state folder before the daemon writes to it, because between runs an administrator may have
 * run securelink as another user (root), restored a backup with other owners, or opened modes up. Without
 * this check such a start failed deep inside the audit log with a bare path, or ran on with the audit
 * signing key readable by every user (anyone who read it can forge checkpoints).
 *
 * <ul>
 *   <li>a folder or file of the state the daemon cannot write (another owner, a read-only mount) stops the
 *       start with every such path, its owner and mode, and the {@code chown} that fixes it;</li>
 *   <li>an audit signing key that other users or the group can read stops the start with the {@code chmod}
 *       (and the advice to start a new key if others could have read it);</li>
 *   <li>anything else other users could read or enter is closed to them (the state folder is never for every
 *       user) and each change is logged.</li>
 * </ul>
 * Looks at the state folder, its sub-folders and their files (one level down), never follows links.
 */
final class StateFolderAccess {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateFolderAccess.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** The secret whose readability by others stops the start (link keys are checked by the config loader). */
    private static final Set<String> SIGNING_KEY = Set.of("audit-signing.key");

    private StateFolderAccess() {
    }

    /** Checks {@code stateDir} (absent: nothing to check, it is created); closes what others could open. */
    static void check(Path stateDir) throws RuntimeStartException {
        if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String user = System.getProperty("user.name");
        List<String> problems = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        paths.add(stateDir);
        try (Stream<Path> top = Files.list(stateDir)) {
            for (Path p : top.sorted().toList()) {
                paths.add(p);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(p) && Files.isExecutable(p)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        paths.addAll(inner.sorted().toList());
                    }
                }
            }
        } catch (IOException e) {
            problems.add(stateDir + ": cannot be listed (" + e.getMessage() + ")");
        }
        for (Path p : paths) {
            try {
                check(p, user, stateDir, problems);
            } catch (IOException | UnsupportedOperationException e) {
                problems.add(p + ": cannot read its owner and mode (" + e.getMessage() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new RuntimeStartException("the state folder " + stateDir + " is not usable by this process (user " + user + "):\n  "
                    + String.join("\n  ", problems), null);
        }
    }

    private static void check(Path p, String user, Path stateDir, List<String> problems) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink() || a.isOther()) {
            return; // the control socket; links are not followed
        }
        Set<PosixFilePermission> mode = a.permissions();
        String owner = a.owner().getName();
        boolean dir = a.isDirectory();
        boolean usable = dir ? Files.isWritable(p) && Files.isExecutable(p) && Files.isReadable(p) : Files.isReadable(p)
                && (Files.isWritable(p) || !writtenByTheDaemon(p));
        if (!usable) {
            problems.add(p + " is owned by " + owner + ":" + a.group().getName() + " (mode " + PosixFilePermissions.toString(mode)
                    + ") and this process cannot " + (dir ? "write in it" : "read or write it") + (owner.equals(user)
                    ? " (a read-only mount?)" : "; run: chown -R " + user + ": " + stateDir + " (or start securelink as " + owner + ")"));
            return;
        }
        if (!dir && SIGNING_KEY.contains(p.getFileName().toString()) && !java.util.Collections.disjoint(mode, NOT_OWNER)) {
            problems.add(p + " is the audit signing key and other users can read it (mode " + PosixFilePermissions.toString(mode)
                    + "): whoever read it can forge audit checkpoints; run: chmod 600 " + p + ", and if other users could log in"
                    + " meanwhile, move audit-signing.key and audit-signing.crt away (the next start makes a new key; keep the old"
                    + " certificate with the old log)");
            return;
        }
        if (!owner.equals(user)) {
            LOG.warn("state folder: {} is owned by {}, not by {} (the user running securelink); run: chown -R {}: {}",
                    p, owner, user, user, stateDir);
        }
        if (!java.util.Collections.disjoint(mode, OTHERS) && (dir || !p.getFileName().toString().endsWith(".crt"))) {
            Set<PosixFilePermission> closed = EnumSet.copyOf(mode);
            closed.removeAll(OTHERS);
            try {
                Files.setPosixFilePermissions(p, closed);
                LOG.warn("state folder: {} was open to every user (mode {}); now {}", p, PosixFilePermissions.toString(mode),
                        PosixFilePermissions.toString(closed));
            } catch (IOException notOwner) {
                problems.add(p + " is owned by " + owner + " and open to every user (mode " + PosixFilePermissions.toString(mode)
                        + "), and this process cannot change that; run: chmod o-rwx " + p);
            }
        }
    }

    /** Files the daemon appends to or replaces; certificates and keys beside them are only read. */
    private static boolean writtenByTheDaemon(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".log") || name.endsWith(".properties") || name.endsWith(".lock");
    }
}
