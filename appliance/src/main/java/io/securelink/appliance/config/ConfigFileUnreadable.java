package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The problem to report when the config file exists but cannot be read. Java's message for a permission
 * error is the bare path ("cannot read config file: /etc/securelink/securelink.yaml"), which says neither
 * why nor what to do; a reload refused for it, or a service that will not start, needs both.
 */
final class ConfigFileUnreadable {
    private ConfigFileUnreadable() {
    }

    static ConfigException of(Path source, IOException e) {
        String why;
        if (e instanceof AccessDeniedException) {
            String user = System.getProperty("user.name");
            String owner = "";
            try {
                PosixFileAttributes a = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                owner = " (owner " + a.owner().getName() + ":" + a.group().getName() + ", mode "
                        + PosixFilePermissions.toString(a.permissions()) + ")";
            } catch (IOException | UnsupportedOperationException unknown) {
                // The folder itself may be closed; the advice stands.
            }
            why = "permission denied for user " + user + owner + "; the user securelink runs as must be able to read it and its"
                    + " folder (the package installs it root:securelink 0640 in a root:securelink 0750 folder)";
        } else {
            why = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "cannot read config file: " + why)));
    }
}
