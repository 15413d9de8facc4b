package io.securelink.appliance.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.cli.SecurelinkCommand;
import io.securelink.appliance.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harden --check} on a host made of files: a fake /proc/sys, a sysctl set, the kernel's AppArmor
 * profile list and fixed answers from nft and systemd-analyze, so each verdict is deterministic; then
 * once on this real host, where it must report every area and exit 1 exactly when something is not in force.
 */
class HardeningCheckTest {
    @TempDir
    Path dir;
    Path procSys;
    Path sysctlFile;
    Path apparmor;
    Path unitFile;
    Path config;
    String group;
    final List<List<String>> asked = new ArrayList<>();
    String nftAnswer = "table inet securelink {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n";
    int nftExit = 0;
    String exposure = "1.4";

    @BeforeEach
    void host() throws Exception {
        procSys = dir.resolve("proc/sys");
        sysctlFile = dir.resolve("99-test.conf");
        Files.writeString(sysctlFile, """
                # test set
                net.ipv4.conf.all.rp_filter = 1
                kernel.kptr_restrict = 2
                net.ipv4.tcp_rmem = 4096 131072 6291456
                """);
        proc("net/ipv4/conf/all/rp_filter", "1\n");
        proc("kernel/kptr_restrict", "2\n");
        proc("net/ipv4/tcp_rmem", "4096\t131072\t6291456\n");
        apparmor = dir.resolve("apparmor-profiles");
        Files.writeString(apparmor, "nvidia_modprobe (enforce)\nsecurelink (enforce)\n");
        unitFile = dir.resolve("securelink.service");
        Files.writeString(unitFile, "[Service]\nExecStart=/bin/true\n");

        Path tls = Files.createDirectories(dir.resolve("etc"));
        new TestPki(tls).server("server");
        config = tls.resolve("securelink.yaml");
        Files.writeString(config, """
                appliance: { id: t, site: t, state-dir: state }
                links:
                  a:
                    mode: server
                    listen: 127.0.0.1:7443
                    forward: 127.0.0.1:7444
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: ["127.0.0.0/8"] }
                """);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(tls.resolve("server.key"), PosixFilePermissions.fromString("rw-r-----"));
        group = Files.readAttributes(config, PosixFileAttributes.class).group().getName();
    }

    private void proc(String rel, String value) throws Exception {
        Path p = procSys.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, value);
    }

    private List<Measure> check() throws Exception {
        HostCommands commands = cmd -> {
            asked.add(cmd);
            return switch (cmd.get(0)) {
                case "nft" -> new HostCommands.Result(true, nftExit, nftAnswer);
                case "systemd-analyze" -> new HostCommands.Result(true, 0, "✗ PrivateNetwork= ...\n→ Overall exposure level for securelink.service: "
                        + exposure + " OK 🙂\n");
                default -> HostCommands.Result.missing();
            };
        };
        HardeningCheck.Host host = new HardeningCheck.Host(procSys, SysctlSet.read(sysctlFile), commands, unitFile,
                dir.resolve("no-systemd"), apparmor, Optional.of(config), group, 1.4);
        return HardeningCheck.run(host);
    }

    private static Map<String, Measure> bySubject(List<Measure> measures) {
        return measures.stream().collect(Collectors.toMap(f -> f.area() + " " + f.subject(), f -> f, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static String report(List<Measure> measures) {
        return measures.stream().map(Measure::line).collect(Collectors.joining("\n"));
    }

    @Test
    void aHostWithEverythingInPlaceIsReportedInForce() throws Exception {
        List<Measure> measures = check();
        assertTrue(measures.stream().allMatch(f -> f.state() == Measure.State.IN_FORCE), report(measures));
        // 3 sysctls, firewall, unit, AppArmor, config, one key.
        assertEquals(8, measures.size(), report(measures));
        assertTrue(asked.contains(List.of("nft", "list", "table", "inet", "securelink")), asked.toString());
        assertTrue(asked.contains(List.of("systemd-analyze", "security", "--offline=yes", "--no-pager", unitFile.toString())),
                "without systemd running the unit file is scored offline: " + asked);
        assertTrue(report(measures).contains("ok   unit: " + unitFile + " exposure <= 1.4 (exposure 1.4, unit file, offline)"), report(measures));
    }

    @Test
    void aSysctlThatDiffersOrIsMissingIsNotInForce() throws Exception {
        proc("kernel/kptr_restrict", "0\n");
        Files.delete(procSys.resolve("net/ipv4/conf/all/rp_filter"));
        Map<String, Measure> f = bySubject(check());
        assertEquals("FAIL sysctl: kernel.kptr_restrict = 2 (is 0)", f.get("sysctl kernel.kptr_restrict = 2").line());
        assertEquals("FAIL sysctl: net.ipv4.conf.all.rp_filter = 1 (this kernel has no such setting)",
                f.get("sysctl net.ipv4.conf.all.rp_filter = 1").line());
        assertEquals(Measure.State.IN_FORCE, f.get("sysctl net.ipv4.tcp_rmem = 4096 131072 6291456").state(), "tabs vs spaces do not matter");
    }

    @Test
    void aMissingOrPermissiveFirewallIsNotInForce() throws Exception {
        nftExit = 1;
        nftAnswer = "Error: No such file or directory\nlist table inet securelink\n";
        assertEquals(Measure.State.NOT_IN_FORCE, bySubject(check()).get("firewall table inet securelink loaded").state());
        nftExit = 0;
        nftAnswer = "table inet securelink {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n";
        Measure f = bySubject(check()).get("firewall table inet securelink loaded");
        assertEquals("FAIL firewall: table inet securelink loaded (loaded, but its input chain does not drop by default)", f.line());
    }

    @Test
    void aUnitAboveTheExposureBarIsNotInForce() throws Exception {
        exposure = "2.1";
        Measure f = bySubject(check()).get("unit " + unitFile + " exposure <= 1.4");
        assertEquals(Measure.State.NOT_IN_FORCE, f.state(), f.line());
        assertTrue(f.detail().contains("exposure 2.1"), f.line());
    }

    @Test
    void anAppArmorProfileInComplainModeOrAbsentIsNotInForce() throws Exception {
        Files.writeString(apparmor, "securelink (complain)\n");
        assertEquals("FAIL apparmor: profile securelink loaded in enforce mode (loaded as securelink (complain))",
                bySubject(check()).get("apparmor profile securelink loaded in enforce mode").line());
        Files.delete(apparmor);
        assertTrue(bySubject(check()).get("apparmor profile securelink loaded in enforce mode").detail().contains("not enabled"));
    }

    @Test
    void aWorldReadableConfigAndAGroupWritableKeyAreNotInForce() throws Exception {
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Path key = config.resolveSibling("server.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));
        Map<String, Measure> f = bySubject(check());
        Measure cfg = f.get("files config " + config);
        assertEquals(Measure.State.NOT_IN_FORCE, cfg.state(), cfg.line());
        assertTrue(cfg.detail().endsWith("world-accessible"), cfg.line());
        Measure k = f.get("files key " + key);
        assertEquals(Measure.State.NOT_IN_FORCE, k.state(), k.line());
        assertTrue(k.detail().endsWith("group-writable"), k.line());
    }

    @Test
    void aConfigOwnedByTheWrongGroupIsNotInForce() throws Exception {
        group = "securelink-nonexistent";
        Measure cfg = bySubject(check()).get("files config " + config);
        assertTrue(cfg.detail().contains("want securelink-nonexistent"), cfg.line());
    }

    @Test
    void onThisHostEveryAreaIsReportedAndTheExitCodeFollowsTheFindings() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            exit = SecurelinkCommand.execute("harden", "--check", "--config", config.toString());
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        List<String> measures = lines.subList(0, lines.size() - 1);
        assertTrue(measures.stream().allMatch(l -> l.startsWith("ok   ") || l.startsWith("FAIL ") || l.startsWith("??   ")), out);
        for (String area : List.of("sysctl: kernel.kptr_restrict = 2", "firewall: ", "apparmor: ", "files: config " + config)) {
            assertTrue(measures.stream().anyMatch(l -> l.substring(5).startsWith(area)), "no finding for " + area + ":\n" + out);
        }
        assertTrue(measures.stream().anyMatch(l -> l.substring(5).startsWith("unit: ")), out);
        boolean anyFail = measures.stream().anyMatch(l -> l.startsWith("FAIL "));
        assertEquals(anyFail ? 1 : 0, exit, out);
        assertTrue(lines.get(lines.size() - 1).matches("\\d+ of \\d+ in force, \\d+ not in force.*"), out);
    }
}
