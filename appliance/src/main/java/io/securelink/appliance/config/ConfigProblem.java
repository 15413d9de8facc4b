package io.securelink.appliance.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration, located precisely enough for a person to fix it:
 * the file, the line and column where YAML put it (0 when not known), and the dotted field path.
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

    /** Renders as {@code file:line:column: field: message}, the form every config tool prints. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
