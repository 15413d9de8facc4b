package io.securelink.appliance.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools the hardening check asks ({@code nft}, {@code systemd-analyze}). An interface so a
 * test can give a deterministic host; {@link #system()} runs the real programs.
 */
@FunctionalInterface
public interface HostCommands {
    /** Exit code and combined output; {@code found} false when the program is not installed. */
    record Result(boolean found, int exitCode, String output) {
        public static Result missing() {
            return new Result(false, -1, "");
        }
    }

    Result run(List<String> command);

    /** The real programs, each given at most 30 seconds. */
    static HostCommands system() {
        return command -> {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return Result.missing();
            }
            try {
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(true, -1, "timed out: " + String.join(" ", command));
                }
                return new Result(true, p.exitValue(), new String(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new Result(true, -1, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(true, -1, "interrupted");
            }
        };
    }
}
