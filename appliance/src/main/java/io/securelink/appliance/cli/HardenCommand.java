package io.securelink.appliance.cli;

import io.securelink.appliance.hardening.Measure;
import io.securelink.appliance.hardening.HardeningCheck;
import io.securelink.appliance.hardening.SysctlSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code securelink harden --check}: which host hardening measures are in force here; exit 1 if any is not. */
@Command(name = "harden", description = "Report which host hardening measures are in force (sysctl, nftables, unit, AppArmor, file modes).")
final class HardenCommand implements Callable<Integer> {
    static final Path INSTALLED_CONFIG = Path.of("/etc/securelink/securelink.yaml");

    @Option(names = "--check", required = true, description = "Check and report (the only mode: nothing is changed).")
    boolean check;

    @Option(names = {"-c", "--config"}, description = "Config whose file and key modes to check (default: /etc/securelink/securelink.yaml if present).")
    Path config;

    @Option(names = "--sysctl-file", description = "The sysctl set to compare against (default: the one shipped in the jar).")
    Path sysctlFile;

    @Option(names = "--proc-sys", defaultValue = "/proc/sys", description = "Where the running kernel's sysctls are read (default ${DEFAULT-VALUE}).")
    Path procSys;

    @Option(names = "--unit-file", defaultValue = "/lib/systemd/system/securelink.service",
            description = "Unit file scored offline when systemd is not running (default ${DEFAULT-VALUE}).")
    Path unitFile;

    @Override
    public Integer call() {
        if (!Files.isDirectory(procSys)) {
            // Otherwise every sysctl would read as "not on this kernel".
            System.err.println("error: --proc-sys " + procSys + " is not a directory (the kernel's sysctls are under /proc/sys)");
            return 2;
        }
        SysctlSet sysctl;
        try {
            sysctl = sysctlFile != null ? SysctlSet.read(sysctlFile) : SysctlSet.bundled();
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Optional<Path> cfg = Optional.ofNullable(config).or(() -> Files.exists(INSTALLED_CONFIG) ? Optional.of(INSTALLED_CONFIG) : Optional.empty());
        HardeningCheck.Host system = HardeningCheck.Host.system(sysctl, cfg);
        HardeningCheck.Host host = new HardeningCheck.Host(procSys, sysctl, system.commands(), unitFile, system.systemdRuntime(),
                system.apparmorProfiles(), cfg, system.group(), system.maxExposure());
        List<Measure> measures = HardeningCheck.run(host);
        measures.forEach(f -> System.out.println(f.line()));
        long failed = measures.stream().filter(f -> f.state() == Measure.State.NOT_IN_FORCE).count();
        long unknown = measures.stream().filter(f -> f.state() == Measure.State.UNKNOWN).count();
        long absent = measures.stream().filter(f -> f.state() == Measure.State.NOT_ON_THIS_KERNEL).count();
        System.out.println((measures.size() - failed - unknown - absent) + " of " + measures.size() + " in force, " + failed + " not in force"
                + (unknown > 0 ? ", " + unknown + " unknown" : "") + (absent > 0 ? ", " + absent + " not on this kernel" : "")
                + (cfg.isEmpty() ? "; no config checked (--config FILE)" : ""));
        return failed == 0 ? 0 : 1;
    }
}
