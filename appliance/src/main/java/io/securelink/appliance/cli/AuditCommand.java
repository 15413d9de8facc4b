package io.securelink.appliance.cli;

import io.securelink.appliance.audit.AuditContext;
import io.securelink.appliance.audit.AuditReport;
import io.securelink.appliance.audit.ConfigAudit;
import io.securelink.appliance.audit.Severity;
import io.securelink.appliance.audit.GroupProbe;
import io.securelink.appliance.audit.TlsProbe;
import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.config.Durations;
import io.securelink.appliance.config.HostPort;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.TrustBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code securelink audit}: a security verdict on a config and the files it names, or on a live TLS
 * listener. Exit 0 when nothing at or above {@code --fail-on} was found, 1 otherwise, 2 when the config
 * cannot be read at all or the listener cannot be reached.
 */
@Command(name = "audit", description = "Audit a configuration (and the files it names) or a live TLS listener.")
final class AuditCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = {"-c", "--config"}, description = "The YAML config file to audit.")
        Path config;

        @Option(names = "--probe", paramLabel = "HOST:PORT", description = "A live TLS listener to probe (uses openssl).")
        String probe;
    }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--json", description = "The same as --format json (as status, pin, check-config and policy explain take it).")
    boolean json;

    @Option(names = "--fail-on", defaultValue = "high", description = "Exit 1 when a finding at or above this severity exists: high, medium, low or info (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--service-user", defaultValue = AuditContext.DEFAULT_SERVICE_USER,
            description = "The account the appliance runs as; secrets must belong to it or root (default: ${DEFAULT-VALUE}).")
    String serviceUser;

    @Option(names = "--client-cert", description = "Probe: client certificate to present to mutual-TLS listeners.")
    Path clientCert;

    @Option(names = "--client-key", description = "Probe: the key of --client-cert.")
    Path clientKey;

    @Option(names = "--trust", description = "Probe: CA bundle the presented chain should complete to (for the chain-completeness rule).")
    Path trust;

    @Option(names = "--timeout", defaultValue = "5s", description = "Probe: per-handshake timeout (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException("--format must be text or json");
            }
            if (json && format.equals("text") && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
                throw new IllegalArgumentException("--json and --format text contradict each other: give one");
            }
            if (json) {
                format = "json";
            }
            if ((clientCert == null) != (clientKey == null)) {
                // One without the other made every openssl handshake fail: a false probe.no-handshake (high).
                throw new IllegalArgumentException("--client-cert and --client-key go together: give both, or neither");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Optional<AuditReport> report = target.config != null ? auditConfig() : probe();
        if (report.isEmpty()) {
            return 2;
        }
        System.out.print(format.equals("json") ? report.get().json() : report.get().text());
        System.out.flush();
        return report.get().exitCode(threshold);
    }

    private Optional<AuditReport> auditConfig() {
        ApplianceConfig config;
        List<io.securelink.appliance.config.ConfigProblem> warnings;
        try {
            // Leniently: a world-readable key is one of the findings, not a reason to stop.
            ConfigLoader.Loaded loaded = ConfigLoader.loadLeniently(target.config);
            config = loaded.config();
            warnings = loaded.warnings();
        } catch (ConfigException e) {
            System.err.println("error: the config cannot be read, so it cannot be audited (fix these first, see check-config):");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return Optional.empty();
        }
        Instant now = Instant.now();
        List<io.securelink.appliance.audit.Finding> findings = new java.util.ArrayList<>(ConfigAudit.run(new AuditContext(config, now, serviceUser)));
        findings.addAll(io.securelink.appliance.audit.CaPinFindings.from(warnings));
        return Optional.of(new AuditReport(config.source().toString(), now, findings));
    }

    /** The --client-cert/--client-key pair for the in-process group probe, or null without them. */
    private javax.net.ssl.KeyManager[] clientKeyManagers() throws KeyMaterialException {
        if (clientCert == null || clientKey == null) {
            return null;
        }
        io.securelink.crypto.Credentials c = io.securelink.crypto.Credentials.load(clientCert, clientKey, null);
        try {
            return io.securelink.crypto.BouncyCastleJsse.keyManagerFactory(io.securelink.crypto.JdkKeys.privateKey(c.key()),
                    c.chain().toArray(new X509Certificate[0])).getKeyManagers();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use --client-key: " + e.getMessage(), e);
        }
    }

    private Optional<AuditReport> probe() {
        try {
            HostPort hp = HostPort.parse(target.probe);
            List<X509Certificate> anchors = trust == null ? List.of() : TrustBundle.load(trust);
            TlsProbe.Result r = new TlsProbe(hp, Optional.ofNullable(clientCert), Optional.ofNullable(clientKey),
                    Durations.parse(timeout)).probe();
            Instant now = Instant.now();
            String subject = "probe " + hp;
            List<io.securelink.appliance.audit.Finding> findings = new java.util.ArrayList<>(TlsProbe.findings(subject, r, anchors, now));
            String groups = "";
            if (r.versions().contains("TLSv1.3")) {
                GroupProbe.Result g = new GroupProbe(hp, clientKeyManagers(), Durations.parse(timeout)).probe();
                findings.addAll(GroupProbe.findings(subject, g));
                groups = ", groups " + g.accepted() + ", prefers " + g.preferred();
            }
            return Optional.of(new AuditReport(hp.toString() + " (accepts " + r.versions() + groups + "; OCSP staple: "
                    + (r.staples() ? r.staple() : "none") + ")", now, findings));
        } catch (IllegalArgumentException | KeyMaterialException e) {
            System.err.println("error: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("error: cannot probe " + target.probe + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
