package io.securelink.appliance.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the YAML parser's "expected &lt;block end&gt;" and "mapping values are not allowed here" into what
 * a person fixing the file needs: which key looks mis-indented, and how far its neighbours are indented.
 */
final class IndentationHint {
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+)\\s*:");

    private IndentationHint() {
    }

    /** A suffix for the syntax error at {@code zeroBasedLine}, or "" when that line holds no key. */
    static String at(String text, int zeroBasedLine) {
        String[] lines = text.split("\\R", -1);
        int line = Math.min(zeroBasedLine, lines.length - 1);
        Matcher here = line >= 0 ? KEY.matcher(lines[line]) : null;
        if (here == null || !here.find()) {
            return "";
        }
        int indent = here.group(1).length();
        for (int i = line - 1; i >= 0; i--) {
            Matcher above = KEY.matcher(lines[i]);
            if (above.find() && !lines[i].strip().startsWith("#")) {
                int aboveIndent = above.group(1).length();
                if (aboveIndent != indent) {
                    return "; '" + here.group(2) + "' on line " + (line + 1) + " looks mis-indented (" + indent
                            + " spaces; '" + above.group(2) + "' above it has " + aboveIndent + ")";
                }
                break;
            }
        }
        return "; '" + here.group(2) + "' on line " + (line + 1) + " looks mis-indented";
    }
}
