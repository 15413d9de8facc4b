package io.securelink.appliance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code securelink} command line: the daemon in the foreground and the tools around it. */
@Command(name = "securelink",
        mixinStandardHelpOptions = true,
        versionProvider = SecurelinkCommand.Version.class,
        description = "Hardened edge appliance: mutually authenticated, pinned TLS links with policy and status.",
        subcommands = {
                RunCommand.class,
                CheckConfigCommand.class,
                PinCommand.class,
                EchoCommand.class,
                ControlCommands.Status.class,
                ControlCommands.Reload.class,
                ControlCommands.Role.class,
                PolicyCommand.class,
                AuditCommand.class,
                AuditLogCommand.class,
                FleetCommand.class,
                QueryCommand.class,
                FirewallCommand.class,
                HardenCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class
        })
public final class SecurelinkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new SecurelinkCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version baked into the jar at build time. */
    public static String version() {
        return io.securelink.appliance.report.ApplianceVersion.current();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"securelink " + version()};
        }
    }
}
