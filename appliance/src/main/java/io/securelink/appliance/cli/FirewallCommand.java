package io.securelink.appliance.cli;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.hardening.FirewallOptions;
import io.securelink.appliance.hardening.NftRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code securelink firewall}: the nftables ruleset for the host, from the config the daemon runs. */
@Command(name = "firewall",
        description = "Write the host's nftables ruleset (table inet securelink) from the config: each link's port open only to its policy.sources.")
final class FirewallCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The YAML config file.")
    Path config;

    @Option(names = "--ssh-from", required = true, paramLabel = "CIDR",
            description = "Management network allowed to reach SSH (repeat for more; v4 or v6).")
    List<String> sshFrom = new ArrayList<>();

    @Option(names = "--ssh-port", defaultValue = "22", description = "SSH port (default ${DEFAULT-VALUE}).")
    int sshPort;

    @Option(names = {"-o", "--out"}, description = "Write the ruleset here (atomically) instead of to standard output.")
    Path out;

    @Override
    public Integer call() {
        List<CidrBlock> mgmt = new ArrayList<>();
        for (String s : sshFrom) {
            try {
                mgmt.add(CidrBlock.parse(s));
            } catch (IllegalArgumentException e) {
                System.err.println("error: --ssh-from " + e.getMessage());
                return 2;
            }
        }
        FirewallOptions options;
        try {
            options = new FirewallOptions(mgmt, sshPort);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        ApplianceConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.err.println("error: " + p);
            }
            System.err.println(config + ": " + e.problems().size() + " problem(s); no ruleset written");
            return 1;
        }
        String ruleset = NftRuleset.render(cfg, options);
        if (out == null) {
            System.out.print(ruleset);
            return 0;
        }
        try {
            Path target = out.toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent(), ".securelink-firewall", ".tmp");
            Files.writeString(tmp, ruleset, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("wrote " + target + " (" + cfg.links().size() + " link(s)); load it with: nft -f " + target);
            return 0;
        } catch (IOException e) {
            System.err.println("error: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
