package io.securelink.appliance.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code securelink} command line: the daemon in the foreground and the tools around it. */
@Command(name = "securelink",
        // INHERIT: every subcommand (and theirs) gets -h/--help, -V/--version and the version provider.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = SecurelinkCommand.Version.class,
        description = {"Hardened edge appliance: mutually authenticated, pinned TLS links with policy and status.",
                "The daemon runs as the systemd service securelink.service (through jsvc, as user securelink); this "
                        + "command is its command line. Environment: JAVA_HOME picks the Java 17+ runtime (else the newest "
                        + "under /usr/lib/jvm); SECURELINK_JAVA_OPTS adds JVM options, e.g. -Dsecurelink.tls.provider=jdk."},
        // EXIT STATUS and FILES sections of the man pages (generated from this model) and of every --help.
        exitCodeListHeading = "%nExit status%n",
        exitCodeList = {
                "0:success: the config is valid, the check passed, the log verifies, the policy allows...",
                "1:the command ran and its answer is no: problems in the config, a finding at or above --fail-on, "
                        + "a tampered log, a denied source, a refused reload, hardening not in force, no reply",
                "2:usage error, or input that cannot be read at all (a missing or unparsable file, no appliance "
                        + "on the control socket, a listener that cannot be reached); check-config reports every problem, "
                        + "an unreadable config file included, with 1",
                "3:audit-log verify only: the log's final record is torn (cut short by a crash or a full disk) and "
                        + "every record before it verifies"},
        footerHeading = "%nFiles%n",
        footer = {
                "/etc/securelink/securelink.yaml: the config; keys in /etc/securelink/tls",
                "/var/lib/securelink: state, control.sock, audit/ (the audit log)",
                "/var/cache/securelink/securelink.jsa, securelink-cli.jsa: start-up archives of the daemon and of this command (securelink-cds)",
                "/usr/share/securelink: the jars; hardening/ (sysctl set, AppArmor)",
                "/lib/systemd/system/securelink.service: the unit"})
public final class SecurelinkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * The subcommands, in the order {@code --help} lists them. Built on demand: {@code securelink pin}
     * builds the picocli model of {@code pin} only, not of all fifteen (which cost a CLI start-up more
     * than anything the command itself does).
     */
    private static final class Subcommands {
        /** In a holder, so a plain form (see {@link PlainForms}) never builds the table. */
        static final Map<String, Supplier<Object>> ALL = subcommands();
    }

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("check-config", CheckConfigCommand::new);
        m.put("pin", PinCommand::new);
        m.put("echo", EchoCommand::new);
        m.put("status", ControlCommands.Status::new);
        m.put("reload", ControlCommands.Reload::new);
        m.put("role", ControlCommands.Role::new);
        m.put("policy", PolicyCommand::new);
        m.put("audit", AuditCommand::new);
        m.put("audit-log", AuditLogCommand::new);
        m.put("fleet", FleetCommand::new);
        m.put("query", QueryCommand::new);
        m.put("firewall", FirewallCommand::new);
        m.put("harden", HardenCommand::new);
        m.put("version", VersionCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    public static int execute(String... args) {
        Integer plain = PlainForms.execute(args);
        if (plain != null) {
            return plain;
        }
        Supplier<Object> only = args.length > 0 && !"help".equals(args[0]) ? Subcommands.ALL.get(args[0]) : null;
        if (only == null) {
            return commandLine().execute(args);
        }
        return new CommandLine(new SecurelinkCommand()).addSubcommand(args[0], only.get()).execute(args);
    }

    /** The whole command tree: what {@code --help} lists, and what the man page and bash completion are generated from. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SecurelinkCommand());
        Subcommands.ALL.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        return cl;
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
