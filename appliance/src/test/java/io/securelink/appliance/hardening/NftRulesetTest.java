package io.securelink.appliance.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.CidrBlock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the generated nftables text opens and to whom, read from the text itself. */
class NftRulesetTest {
    @TempDir
    Path dir;
    String rules;

    @BeforeEach
    void render() throws Exception {
        rules = NftRuleset.render(FirewallFixture.config(dir), FirewallFixture.options());
    }

    private List<String> ruleLines() {
        return rules.lines().map(String::strip).filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
    }

    private int indexOf(String fragment) {
        List<String> lines = ruleLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no rule contains '" + fragment + "' in:\n" + rules);
    }

    @Test
    void inboundAndForwardedTrafficIsDroppedUnlessARuleAcceptsIt() {
        assertTrue(rules.contains("type filter hook input priority filter; policy drop;"), rules);
        assertTrue(rules.contains("type filter hook forward priority filter; policy drop;"), rules);
        assertTrue(indexOf("ct state established,related accept") < indexOf("tcp dport 5061"));
        assertTrue(indexOf("ct state invalid counter drop") < indexOf("tcp dport 5061"));
        assertTrue(rules.contains("iif \"lo\" accept"));
    }

    @Test
    void theLoadReplacesOnlyItsOwnTable() {
        assertTrue(rules.contains("table inet securelink\ndelete table inet securelink\n"), rules);
        assertFalse(rules.contains("flush ruleset"), "must not touch other tables");
    }

    @Test
    void pathMtuAndNeighbourDiscoveryGetThroughAndPingIsRateLimited() {
        assertTrue(rules.contains("icmp type { destination-unreachable, time-exceeded, parameter-problem } accept"), rules);
        assertTrue(rules.contains("icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept"), rules);
        assertTrue(rules.contains("icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } ip6 hoplimit 255 accept"), rules);
        assertTrue(rules.contains("icmp type echo-request limit rate 5/second burst 10 packets accept"), rules);
        assertTrue(rules.contains("icmpv6 type echo-request limit rate 5/second burst 10 packets accept"), rules);
    }

    @Test
    void sshIsOpenOnlyToTheManagementNetworks() {
        assertTrue(rules.contains("elements = { 192.0.2.0/24 }"), rules);
        assertTrue(rules.contains("elements = { 2001:db8:ffff:0:0:0:0:0/48 }"), rules);
        List<String> ssh = ruleLines().stream().filter(l -> l.contains("dport 22 ")).toList();
        assertEquals(List.of("tcp dport 22 ip saddr @mgmt_v4 ct state new accept", "tcp dport 22 ip6 saddr @mgmt_v6 ct state new accept"), ssh);
    }

    @Test
    void eachLinkPortIsOpenOnlyToItsSourcesWithDenySourcesDroppedFirst() {
        assertTrue(rules.contains("set link_voice_in_v4 {\n\t\ttype ipv4_addr; flags interval; auto-merge;\n"
                + "\t\telements = { 198.51.100.0/24, 203.0.113.0/25 }"), rules);
        assertTrue(rules.contains("elements = { 2001:db8:100:0:0:0:0:0/48 }"), rules);
        assertTrue(rules.contains("set link_voice_in_deny_v4 {"), rules);
        int deny = indexOf("tcp dport 5061 ip saddr @link_voice_in_deny_v4 counter drop");
        int allow = indexOf("tcp dport 5061 ip saddr @link_voice_in_v4 ct state new counter accept");
        assertTrue(deny < allow, "deny-sources must be dropped before sources are accepted");
        assertTrue(indexOf("tcp dport 5061 ip6 saddr @link_voice_in_deny_v6 counter drop")
                < indexOf("tcp dport 5061 ip6 saddr @link_voice_in_v6 ct state new counter accept"));
        List<String> port5061 = ruleLines().stream().filter(l -> l.contains("dport 5061")).toList();
        assertEquals(4, port5061.size(), () -> String.join("\n", port5061));
        assertTrue(port5061.stream().allMatch(l -> l.contains("saddr @link_voice_in_")), "no rule opens 5061 to everyone");
    }

    @Test
    void aListenerTakesOnlyTheAddressFamilyAndAddressItListensOn() {
        // 10.20.0.1:7000 is IPv4 on one address; [::]:8443 is dual stack but has IPv6 sources only.
        assertTrue(rules.contains("tcp dport 7000 ip daddr 10.20.0.1 ip saddr @link_uplink_v4 ct state new counter accept"), rules);
        assertFalse(rules.contains("tcp dport 7000 ip6"), rules);
        assertTrue(rules.contains("tcp dport 8443 ip6 saddr @link_media_in_v6 ct state new counter accept"), rules);
        assertFalse(rules.contains("tcp dport 8443 ip saddr"), "no IPv4 sources, no IPv4 rule");
    }

    @Test
    void aLinkWithNoSourcesOpensNothing() {
        assertFalse(ruleLines().stream().anyMatch(l -> l.contains("dport 6000")), rules);
        assertFalse(rules.contains("link_spare_v4"), rules);
        assertTrue(rules.contains("# link spare (server, 0.0.0.0:6000): no policy.sources, so nothing is opened (default deny)."), rules);
    }

    @Test
    void dropsAreLoggedAtALimitedRate() {
        int log = indexOf("limit rate 10/minute burst 20 packets log prefix \"securelink drop: \" level info");
        assertTrue(log > indexOf("tcp dport 5061 ip saddr @link_voice_in_v4"), "logging comes after every accept");
    }

    @Test
    void theSameConfigGivesTheSameText() throws Exception {
        ApplianceConfig again = FirewallFixture.config(dir.resolve("again").toFile().mkdirs() ? dir.resolve("again") : dir);
        String other = NftRuleset.render(again, FirewallFixture.options());
        // Different keys give a different digest; everything but the header is identical.
        assertEquals(rules.substring(rules.indexOf("table inet")), other.substring(other.indexOf("table inet")));
    }

    @Test
    void sshMustBeReachableFromSomewhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FirewallOptions(List.of(), 22));
        assertTrue(e.getMessage().contains("--ssh-from"), e.getMessage());
        assertEquals("0:0:0:0:0:ffff:a00:0/104", NftRuleset.element(CidrBlock.parse("::ffff:10.0.0.0/104")));
    }
}
