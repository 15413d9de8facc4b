package io.securelink.appliance.hardening;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.LinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the appliance's host hardening measures are in force on this host: the sysctl set, the
 * nftables table, the systemd unit's exposure, the AppArmor profile, and the ownership and modes of the
 * config and key files. Reads only; every place it looks is a {@link Host} setting, so a test can point
 * it at a fake /proc/sys and a fixed set of tool answers.
 */
public final class HardeningCheck {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for [^:]*:\\s*([0-9]+(?:\\.[0-9]+)?)");

    /**
     * Where the check looks. {@code systemdRuntime} is /run/systemd/system (present when systemd runs),
     * {@code apparmorProfiles} the kernel's list of loaded profiles, {@code group} the daemon's group.
     */
    public record Host(
            Path procSys,
            SysctlSet sysctl,
            HostCommands commands,
            Path unitFile,
            Path systemdRuntime,
            Path apparmorProfiles,
            Optional<Path> config,
            String group,
            double maxExposure) {

        /** This machine, with the installed unit, the config at {@code config} and the bundled sysctl set. */
        public static Host system(SysctlSet sysctl, Optional<Path> config) {
            return new Host(Path.of("/proc/sys"), sysctl, HostCommands.system(), Path.of("/lib/systemd/system/securelink.service"),
                    Path.of("/run/systemd/system"), Path.of("/sys/kernel/security/apparmor/profiles"), config, "securelink", 1.4);
        }
    }

    private final Host host;
    private final List<Measure> measures = new ArrayList<>();

    private HardeningCheck(Host host) {
        this.host = host;
    }

    /** Every finding, in a fixed order: sysctl (file order), firewall, unit, AppArmor, files. */
    public static List<Measure> run(Host host) {
        HardeningCheck c = new HardeningCheck(host);
        c.sysctl();
        c.firewall();
        c.unit();
        c.apparmor();
        host.config().ifPresent(c::files);
        return List.copyOf(c.measures);
    }

    private void sysctl() {
        for (Map.Entry<String, String> e : host.sysctl().values().entrySet()) {
            String key = e.getKey();
            String want = normalise(e.getValue());
            Path p = SysctlSet.pathOf(host.procSys(), key);
            String subject = key + " = " + want;
            try {
                String is = normalise(readProc(p));
                measures.add(is.equals(want)
                        ? Measure.inForce("sysctl", subject, "")
                        : Measure.notInForce("sysctl", subject, "is " + is));
            } catch (NoSuchFileException ex) {
                measures.add(Measure.notInForce("sysctl", subject, "this kernel has no such setting"));
            } catch (IOException ex) {
                measures.add(Measure.unknown("sysctl", subject, "cannot read " + p + ": " + ex.getMessage()));
            }
        }
    }

    /**
     * Reads a /proc file as a stream: /proc files report size 0, and Files.readString trusts the size
     * (on some kernels it then returns only the first byte, "4" for 4096).
     */
    static String readProc(Path p) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String normalise(String v) {
        return String.join(" ", v.strip().split("\\s+"));
    }

    private void firewall() {
        String subject = "table inet " + NftRuleset.TABLE + " loaded";
        HostCommands.Result r = host.commands().run(List.of("nft", "list", "table", "inet", NftRuleset.TABLE));
        if (!r.found()) {
            measures.add(Measure.notInForce("firewall", subject, "nft is not installed (apt-get install nftables)"));
        } else if (r.exitCode() == 0 && r.output().contains("hook input") && r.output().contains("policy drop")) {
            measures.add(Measure.inForce("firewall", subject, "input policy drop"));
        } else if (r.exitCode() == 0) {
            measures.add(Measure.notInForce("firewall", subject, "loaded, but its input chain does not drop by default"));
        } else if (r.output().contains("Operation not permitted")) {
            measures.add(Measure.unknown("firewall", subject, "reading the ruleset needs root"));
        } else {
            measures.add(Measure.notInForce("firewall", subject,
                    "not loaded: securelink firewall --config FILE --ssh-from CIDR --out F && nft -f F"));
        }
    }

    private void unit() {
        boolean online = Files.isDirectory(host.systemdRuntime());
        List<String> cmd;
        String subject;
        if (online) {
            cmd = List.of("systemd-analyze", "security", "--no-pager", "securelink.service");
            subject = "securelink.service exposure <= " + host.maxExposure();
        } else if (Files.isRegularFile(host.unitFile())) {
            cmd = List.of("systemd-analyze", "security", "--offline=yes", "--no-pager", host.unitFile().toString());
            subject = host.unitFile() + " exposure <= " + host.maxExposure();
        } else {
            measures.add(Measure.notInForce("unit", "securelink.service installed", host.unitFile() + " does not exist"));
            return;
        }
        HostCommands.Result r = host.commands().run(cmd);
        if (!r.found()) {
            measures.add(Measure.unknown("unit", subject, "systemd-analyze is not installed"));
            return;
        }
        Matcher m = EXPOSURE.matcher(r.output());
        String score = null;
        while (m.find()) {
            score = m.group(1);
        }
        if (score == null) {
            measures.add(Measure.unknown("unit", subject, "systemd-analyze gave no score (exit " + r.exitCode() + ")"));
            return;
        }
        double s = Double.parseDouble(score);
        String how = online ? "running unit" : "unit file, offline";
        measures.add(s <= host.maxExposure()
                ? Measure.inForce("unit", subject, "exposure " + score + ", " + how)
                : Measure.notInForce("unit", subject, "exposure " + score + ", " + how));
    }

    private void apparmor() {
        String subject = "profile securelink loaded in enforce mode";
        Path profiles = host.apparmorProfiles();
        if (!Files.exists(profiles)) {
            measures.add(Measure.notInForce("apparmor", subject, "AppArmor is not enabled on this kernel"));
            return;
        }
        try {
            List<String> lines = Files.readAllLines(profiles, StandardCharsets.UTF_8);
            Optional<String> ours = lines.stream().filter(l -> l.startsWith("securelink ")).findFirst();
            if (ours.isEmpty()) {
                measures.add(Measure.notInForce("apparmor", subject,
                        "not loaded: apparmor_parser -r /etc/apparmor.d/securelink (from /usr/share/securelink/hardening/apparmor)"));
            } else if (ours.get().contains("(enforce)")) {
                measures.add(Measure.inForce("apparmor", subject, ""));
            } else {
                measures.add(Measure.notInForce("apparmor", subject, "loaded as " + ours.get()));
            }
        } catch (IOException e) {
            measures.add(Measure.unknown("apparmor", subject, "cannot read " + profiles + ": " + e.getMessage()));
        }
    }

    private void files(Path config) {
        // The config: written only by root, readable by the daemon's group, by nobody else.
        fileMode(config, "config", true);
        ApplianceConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            measures.add(Measure.notInForce("files", config + " loads", e.problems().size() + " problem(s), first: " + e.problems().get(0)));
            return;
        }
        Set<Path> secrets = new TreeSet<>();
        for (LinkConfig link : cfg.links().values()) {
            secrets.add(link.tls().key());
            link.tls().keyPassphraseFile().ifPresent(secrets::add);
        }
        cfg.status().flatMap(s -> s.passwordFile()).ifPresent(secrets::add);
        for (Path secret : secrets) {
            fileMode(secret, "key", false);
        }
    }

    /**
     * A config must be owned by root with the daemon's group; a key or password file by root or the
     * daemon's user. Neither may be writable by the group or readable by others.
     */
    private void fileMode(Path file, String what, boolean config) {
        String subject = what + " " + file;
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            List<String> wrong = new ArrayList<>();
            String owner = a.owner().getName();
            String group = a.group().getName();
            if (config && !owner.equals("root")) {
                wrong.add("owner " + owner + ", want root");
            }
            if (!config && !owner.equals("root") && !owner.equals(host.group())) {
                wrong.add("owner " + owner + ", want root or " + host.group());
            }
            if (config && !group.equals(host.group())) {
                wrong.add("group " + group + ", want " + host.group());
            }
            if (p.contains(PosixFilePermission.GROUP_WRITE)) {
                wrong.add("group-writable");
            }
            if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.OTHERS_WRITE)
                    || p.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                wrong.add("world-accessible");
            }
            String mode = owner + ":" + group + " " + java.nio.file.attribute.PosixFilePermissions.toString(p);
            measures.add(wrong.isEmpty()
                    ? Measure.inForce("files", subject, mode)
                    : Measure.notInForce("files", subject, mode + ": " + String.join(", ", wrong)));
        } catch (NoSuchFileException e) {
            measures.add(Measure.notInForce("files", subject, "does not exist"));
        } catch (IOException e) {
            measures.add(Measure.unknown("files", subject, "cannot read its attributes: " + e.getMessage()));
        }
    }
}
