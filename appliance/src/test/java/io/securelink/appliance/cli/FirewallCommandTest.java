package io.securelink.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code securelink firewall} on the command line: writes the ruleset, and refuses what it cannot honour. */
class FirewallCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = SecurelinkCommand.execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path config(String sources) throws Exception {
        new TestPki(dir).server("server");
        Path cfg = dir.resolve("securelink.yaml");
        Files.writeString(cfg, """
                appliance: { id: fw, site: lab, state-dir: state }
                links:
                  voice-in:
                    mode: server
                    listen: 0.0.0.0:5061
                    forward: 127.0.0.1:5060
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                    policy: { sources: %s }
                """.formatted(sources));
        return cfg;
    }

    @Test
    void writesTheRulesetToTheOutFile() throws Exception {
        Path cfg = config("[\"198.51.100.0/24\"]");
        Path out = dir.resolve("firewall.nft");
        Run r = run("firewall", "--config", cfg.toString(), "--ssh-from", "192.0.2.0/24", "--ssh-port", "2222", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        String rules = Files.readString(out);
        assertTrue(rules.contains("tcp dport 5061 ip saddr @link_voice_in_v4 ct state new counter accept"), rules);
        assertTrue(rules.contains("tcp dport 2222 ip saddr @mgmt_v4 ct state new accept"), rules);
        assertTrue(r.out().contains("nft -f " + out.toAbsolutePath()), r.out());
    }

    @Test
    void anInvalidConfigWritesNothingAndSaysWhy() throws Exception {
        Path cfg = config("[\"198.51.100.1/24\"]");
        Path out = dir.resolve("firewall.nft");
        Run r = run("firewall", "--config", cfg.toString(), "--ssh-from", "192.0.2.0/24", "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("host bits set"), r.err());
        assertFalse(Files.exists(out), "no ruleset from a config the daemon would refuse");
    }

    @Test
    void aManagementNetworkIsRequiredAndMustBeACidr() throws Exception {
        Path cfg = config("[\"198.51.100.0/24\"]");
        assertEquals(2, run("firewall", "--config", cfg.toString()).exit(), "--ssh-from is required");
        Run bad = run("firewall", "--config", cfg.toString(), "--ssh-from", "mgmt.example");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("not an IP address or CIDR block"), bad.err());
    }
}
