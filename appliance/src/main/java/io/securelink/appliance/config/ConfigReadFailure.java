package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Says why a config file could not be read in words an operator can act on, instead of the JDK's
 * ("Input length = 1" for a file that is not UTF-8, "Is a directory", a bare path for a missing file);
 * a permission error is {@link ConfigFileUnreadable}'s.
 */
final class ConfigReadFailure {
    private ConfigReadFailure() {
    }

    /** The problem for {@code source}, which failed to read with {@code e}. */
    static ConfigProblem of(Path source, IOException e) {
        return new ConfigProblem(source, 0, 0, "", message(source, e));
    }

    static String message(Path source, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "config file does not exist";
        }
        if (Files.isDirectory(source)) {
            return "is a directory, not a config file: give the YAML file in it (e.g. " + source.resolve("securelink.yaml") + ")";
        }
        if (e instanceof CharacterCodingException) {
            return "is not UTF-8 text (a binary file, or saved in another encoding): save it as UTF-8 YAML";
        }
        return "cannot read config file: " + e.getMessage();
    }
}
