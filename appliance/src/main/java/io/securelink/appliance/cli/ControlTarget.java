package io.securelink.appliance.cli;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.daemon.ControlSocket;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which running appliance a control command talks to: its control socket, or the config that names its state folder. */
final class ControlTarget {
    @Option(names = {"-c", "--config"}, description = "Config of the running appliance (its state-dir holds the control socket).")
    Path config;

    @Option(names = "--socket", description = "Control socket path (default: <state-dir>/" + ControlSocket.FILE_NAME + ").")
    Path socket;

    Path socketPath() throws ConfigException {
        if (socket != null) {
            return socket;
        }
        Path cfg = config != null ? config : Path.of("/etc/securelink/securelink.yaml");
        // Not ControlSocket.pathIn: that initialises the server side's logger (logback) for a path.
        return ConfigLoader.stateDirOf(cfg).resolve(ControlSocket.FILE_NAME);
    }
}
