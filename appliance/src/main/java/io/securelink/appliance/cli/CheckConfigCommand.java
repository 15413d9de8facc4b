package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Validates a config without running it: exit 0 when usable, 1 with every problem listed otherwise. */
@Command(name = "check-config", description = "Validate a configuration and every file it names.")
final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Override
    public Integer call() {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.loadWithWarnings(config);
            for (ConfigProblem w : loaded.warnings()) {
                System.out.println("warning: " + w);
            }
            System.out.println(config + ": OK, " + loaded.config().links().size() + " link(s), digest "
                    + loaded.config().digest());
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.out.println("error: " + p);
            }
            System.out.println(config + ": " + e.problems().size() + " problem(s)");
            return 1;
        }
    }
}
