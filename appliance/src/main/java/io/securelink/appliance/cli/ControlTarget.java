package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.daemon.ControlSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Which running appliance a control command talks to: its control socket, or the config that names its state folder. */
final class ControlTarget {
    static final Path DEFAULT_CONFIG = Path.of("/etc/securelink/securelink.yaml");

    @Option(names = {"-c", "--config"}, description = "Config of the running appliance (its state-dir holds the control socket; "
            + "default: /etc/securelink/securelink.yaml).")
    Path config;

    @Option(names = "--socket", description = "Control socket path (default: <state-dir>/" + ControlSocket.FILE_NAME + ").")
    Path socket;

    Path socketPath() throws ConfigException {
        if (socket != null) {
            return socket;
        }
        if (config == null && !Files.exists(DEFAULT_CONFIG)) {
            throw new ConfigException(List.of(new ConfigProblem(DEFAULT_CONFIG, 0, 0, "", "does not exist, and no --config was "
                    + "given: give --config FILE (the running appliance's config, e.g. lab/securelink.yaml) or --socket PATH")));
        }
        Path cfg = config != null ? config : DEFAULT_CONFIG;
        // Not ControlSocket.pathIn: that initialises the server side's logger (logback) for a path.
        return ConfigLoader.stateDirOf(cfg).resolve(ControlSocket.FILE_NAME);
    }
}
