package io.securelink.appliance.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.securelink.appliance.support.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own parser accepts the generated ruleset: {@code nft -c -f} inside a fresh user and network
 * namespace ({@code unshare -Urn}), so nothing on the host is touched. Runs where nft and unprivileged
 * namespaces are available (CI installs nftables); elsewhere it is skipped with the reason.
 */
class NftValidationTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void nftAndNamespaces() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nft is not installed (apt-get install nftables)");
        Processes.Result r = Processes.run(null, null, "unshare", "-Urn", "/usr/sbin/nft", "list", "ruleset");
        assumeTrue(r.exitCode() == 0, "unshare -Urn nft is not allowed here: " + r.all());
    }

    @Test
    void nftAcceptsTheGeneratedRuleset() throws Exception {
        Path file = dir.resolve("securelink.nft");
        Files.writeString(file, NftRuleset.render(FirewallFixture.config(dir), FirewallFixture.options()));
        Processes.Result r = Processes.run(null, null, "unshare", "-Urn", "/usr/sbin/nft", "-c", "-f", file.toString());
        assertEquals(0, r.exitCode(), () -> "nft -c rejected the ruleset:\n" + r.all() + "\n" + file);
    }

    @Test
    void nftLoadsItTwiceInANamespaceAndListsTheTable() throws Exception {
        Path file = dir.resolve("securelink.nft");
        Files.writeString(file, NftRuleset.render(FirewallFixture.config(dir), FirewallFixture.options()));
        String script = "/usr/sbin/nft -f " + file + " && /usr/sbin/nft -f " + file + " && /usr/sbin/nft list table inet securelink";
        Processes.Result r = Processes.run(null, null, "unshare", "-Urn", "sh", "-c", script);
        assertEquals(0, r.exitCode(), () -> "loading failed:\n" + r.all());
        assertEquals(true, r.stdout().contains("tcp dport 5061 ip saddr @link_voice_in_v4"), r.stdout());
    }
}
