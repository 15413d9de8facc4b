package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Why a file the config names cannot be read, in terms of who runs the command and who may read the
 * file, so the operator knows whether to change the file's owner or mode, or run as another user.
 */
final class UnreadableFile {
    private UnreadableFile() {
    }

    /** {@code ": user U may not read it (owner O, group G, mode M); ..."}, or "" when that cannot be told. */
    static String why(Path p) {
        if (!Files.isRegularFile(p)) {
            return " (not a regular file)";
        }
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return ": user " + System.getProperty("user.name") + " may not read it (owner " + a.owner().getName() + ", group "
                    + a.group().getName() + ", mode " + PosixFilePermissions.toString(a.permissions()) + "); run as that owner "
                    + "(the service user, securelink) or root, or give the service user's group read access (chmod 640)";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
