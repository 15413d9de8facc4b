package io.securelink.appliance.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the securelink CLI as its own JVM, as a user would (same classes as the jar's), and waits for it to exit. */
public final class CliProcess {
    private CliProcess() {
    }

    public static Processes.Result run(Path dir, String... args) {
        return runWithJvmOptions(dir, List.of(), args);
    }

    /** As {@link #run}, with more JVM options (e.g. {@code -Xlog:class+load} to see what a command loads). */
    public static Processes.Result runWithJvmOptions(Path dir, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand"));
        cmd.addAll(List.of(args));
        return Processes.run(dir, null, cmd);
    }
}
