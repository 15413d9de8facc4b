package io.securelink.appliance.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs a full-disk test mounts, so that "no space left on device" is real and the rest of the box is
 * untouched. Where mounting is refused (not root, no CAP_SYS_ADMIN) the test is skipped with the reason, which
 * the console prints; CI runs as root. {@link #close()} unmounts (lazily, so a file still open cannot keep it).
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path path;

    private SmallTmpfs(Path path) {
        this.path = path;
    }

    /**
     * Mounts a tmpfs of {@code size} (mount's syntax: {@code 256k}, {@code 1m}), mode 0700, named {@code name} in
     * the mount table; {@code test} says in the skip message which test could not run.
     */
    public static SmallTmpfs mount(String name, String size, String test) throws Exception {
        Path at = Files.createTempDirectory(name + "-");
        Processes.Result r = Processes.run(null, null, "mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", name, at.toString());
        if (r.exitCode() != 0) {
            Files.deleteIfExists(at);
            Assumptions.abort("cannot mount a tmpfs here (" + r.all().trim() + "): skipping " + test + "; CI runs it as root");
        }
        return new SmallTmpfs(at);
    }

    public Path path() {
        return path;
    }

    /** Writes {@code filler} (a file on this tmpfs) until the file system has no room left. */
    public static void fill(Path filler) {
        try (java.io.OutputStream out = Files.newOutputStream(filler)) {
            byte[] chunk = new byte[4096];
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (java.io.IOException full) {
            // The file system is full now.
        }
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(path)) {
            Processes.run(null, null, "umount", "-l", path.toString());
            Files.deleteIfExists(path);
        }
    }
}
