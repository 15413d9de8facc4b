package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CliProcess;
import io.securelink.appliance.support.CliRun;
import io.securelink.appliance.support.Processes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command and subcommand takes -h/--help and --version, and every command, option and parameter
 * says what it is: walks the same picocli model the man page and bash completion are generated from.
 */
class CommandLineModelTest {
    private static final String VERSION_LINE = "securelink " + SecurelinkCommand.version();

    /** Every command path, e.g. ["pin"], ["policy", "explain"]. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(SecurelinkCommand.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().aliases().length > 0 && !e.getKey().equals(e.getValue().getCommandName())) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path);
            collect(e.getValue(), path, out);
        }
    }

    @Test
    void everyCommandOptionAndParameterHasADescription() {
        List<String> missing = new ArrayList<>();
        check(SecurelinkCommand.commandLine().getCommandSpec(), missing);
        assertTrue(missing.isEmpty(), "without a description: " + missing);
    }

    private static void check(CommandSpec spec, List<String> missing) {
        if (String.join("", spec.usageMessage().description()).isBlank()) {
            missing.add(spec.qualifiedName());
        }
        for (ArgSpec a : spec.args()) {
            if (String.join("", a.description()).isBlank()) {
                missing.add(spec.qualifiedName() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel()));
            }
        }
        spec.subcommands().values().forEach(sub -> check(sub.getCommandSpec(), missing));
    }

    @Test
    void everyCommandPrintsItsUsageOnStdoutAndExitsZeroForHelp() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() >= 16, paths.toString());
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, r.exitCode, args + "\n" + r);
                assertTrue(r.out.contains("Usage: securelink " + String.join(" ", path) + " ["), args + "\n" + r);
                assertEquals("", r.err, args + "\n" + r);
            }
        }
    }

    @Test
    void everyCommandPrintsTheVersionForDashDashVersion() {
        for (List<String> path : commandPaths()) {
            if (path.equals(List.of("help"))) {
                continue; // picocli's help command: `help --version` is not a thing users expect
            }
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.exitCode, args + "\n" + r);
            assertEquals(VERSION_LINE, r.out.strip(), args + "\n" + r);
        }
    }

    @Test
    void helpOfACommandWithRequiredOptionsWorksInItsOwnProcess() {
        for (String[] args : List.of(new String[] {"run", "--help"}, new String[] {"pin", "--help"},
                new String[] {"policy", "explain", "-h"}, new String[] {"--help"})) {
            Processes.Result r = CliProcess.run(null, args);
            assertEquals(0, r.exitCode(), List.of(args) + "\n" + r.all());
            assertTrue(r.stdout().startsWith("Usage: securelink"), r.all());
            assertEquals("", r.stderr(), r.all());
        }
    }
}
