package io.securelink.appliance.auditlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the audit log lives: {@code audit.log} is the file being written; rotated files are renamed
 * {@code audit-<first seq, 12 digits>.log}, so name order is chain order and the live file comes last.
 */
public final class AuditLogFiles {
    public static final String CURRENT = "audit.log";
    private static final Pattern ROTATED = Pattern.compile("audit-\\d{12}\\.log");

    private AuditLogFiles() {
    }

    public static Path folderIn(Path stateDir) {
        return stateDir.resolve("audit");
    }

    static Path rotatedName(Path dir, long firstSeq) {
        return dir.resolve(String.format("audit-%012d.log", firstSeq));
    }

    /** Every log file of a folder in chain order: rotated files by name, then {@code audit.log}. */
    public static List<Path> inChainOrder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> ROTATED.matcher(p.getFileName().toString()).matches()).sorted().forEach(out::add);
        }
        Path current = dir.resolve(CURRENT);
        if (Files.exists(current)) {
            out.add(current);
        }
        return out;
    }
}
