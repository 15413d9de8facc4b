package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Says why the config file could not be read in words an operator can act on, instead of the JDK's: a bare
 * path for a permission error or a missing file, "Input length = 1" for a file that is not UTF-8, "Is a
 * directory". A reload refused for it, or a service that will not start, needs both why and what to do.
 */
final class ConfigReadFailure {
    private ConfigReadFailure() {
    }

    /** The error to throw for {@code source}, which failed to read with {@code e}. */
    static ConfigException of(Path source, IOException e) {
        return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", message(source, e))));
    }

    private static String message(Path source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "config file does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read config file: permission denied for user " + System.getProperty("user.name") + ownerAndMode(source)
                    + "; the user securelink runs as must be able to read it and its folder (the package installs it"
                    + " root:securelink 0640 in a root:securelink 0750 folder)";
        }
        if (Files.isDirectory(source)) {
            return "is a directory, not a config file: give the YAML file in it (e.g. " + source.resolve("securelink.yaml") + ")";
        }
        if (e instanceof CharacterCodingException) {
            return "is not UTF-8 text (a binary file, or saved in another encoding): save it as UTF-8 YAML";
        }
        return "cannot read config file: " + e.getMessage();
    }

    /** {@code " (owner O:G, mode M)"}, or "" when the folder itself is closed to this user. */
    private static String ownerAndMode(Path source) {
        try {
            PosixFileAttributes a = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return " (owner " + a.owner().getName() + ":" + a.group().getName() + ", mode " + PosixFilePermissions.toString(a.permissions()) + ")";
        } catch (IOException | UnsupportedOperationException unknown) {
            return "";
        }
    }
}
