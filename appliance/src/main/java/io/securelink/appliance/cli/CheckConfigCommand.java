package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Validates a config without running it: exit 0 when usable, 1 with every problem listed otherwise. Writes
 * and generates nothing: a dev PKI not made yet is checked by name ({@link ConfigLoader#check}).
 */
@Command(name = "check-config", description = "Validate a configuration and every file it names.")
final class CheckConfigCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Option(names = "--json", description = "Print one JSON object (file, ok, links, digest, warnings, problems) instead of text;"
            + " digest is null while a dev PKI the config asks for is not made yet.")
    boolean json;

    @Override
    public Integer call() {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.check(config);
            // A dev PKI not made yet: its files were checked by name only, and the digest would change once run makes them.
            boolean pending = loaded.pendingDevPki().isPresent();
            if (json) {
                var o = CliJson.object();
                o.put("file", config.toString());
                o.put("ok", true);
                o.put("links", loaded.config().links().size());
                if (pending) {
                    o.putNull("digest");
                } else {
                    o.put("digest", loaded.config().digest());
                }
                o.set("warnings", CliJson.problems(loaded.warnings()));
                o.set("problems", CliJson.problems(java.util.List.of()));
                CliJson.print(o);
                return 0;
            }
            for (ConfigProblem w : loaded.warnings()) {
                System.out.println("warning: " + w);
            }
            System.out.println(config + ": OK, " + loaded.config().links().size() + " link(s), "
                    + (pending ? "no digest until the dev PKI exists" : "digest " + loaded.config().digest()));
            return 0;
        } catch (ConfigException e) {
            if (json) {
                var o = CliJson.object();
                o.put("file", config.toString());
                o.put("ok", false);
                o.set("warnings", CliJson.problems(java.util.List.of()));
                o.set("problems", CliJson.problems(e.problems()));
                CliJson.print(o);
                return 1;
            }
            for (ConfigProblem p : e.problems()) {
                System.out.println("error: " + p);
            }
            System.out.println(config + ": " + e.problems().size() + " problem(s)");
            return 1;
        }
    }
}
