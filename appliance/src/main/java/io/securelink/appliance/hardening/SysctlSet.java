package io.securelink.appliance.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sysctl settings a {@code sysctl.d} file asks for, in file order: {@code key = value} lines, with
 * {@code #} and {@code ;} comments. The shipped set ({@code hardening/sysctl.d/99-securelink.conf}) is
 * also inside the jar, so {@code harden --check} compares against it even where the package is not installed.
 */
public record SysctlSet(String source, Map<String, String> values) {
    /** The copy of 99-securelink.conf bundled in the jar at build time. */
    public static final String BUNDLED = "/io/securelink/appliance/hardening/99-securelink.conf";

    public SysctlSet {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static SysctlSet read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static SysctlSet bundled() throws IOException {
        try (InputStream in = SysctlSet.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("the jar has no bundled sysctl set at " + BUNDLED);
            }
            return parse("bundled 99-securelink.conf", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static SysctlSet parse(String source, String text) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IOException(source + ":" + n + ": not 'key = value': " + line);
            }
            String key = line.substring(0, eq).strip().replace('/', '.');
            if (key.startsWith("-")) {
                key = key.substring(1); // sysctl.d: a leading '-' only silences unknown keys
            }
            values.put(key, line.substring(eq + 1).strip());
        }
        return new SysctlSet(source, values);
    }

    /** Where a key lives under a /proc/sys root. */
    public static Path pathOf(Path procSys, String key) {
        return procSys.resolve(key.replace('.', '/'));
    }
}
