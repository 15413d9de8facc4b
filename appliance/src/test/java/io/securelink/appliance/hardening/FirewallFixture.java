package io.securelink.appliance.hardening;

import io.securelink.appliance.config.ApplianceConfig;
import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real config (real keys) with the link shapes the firewall must handle, and the ruleset made from it. */
final class FirewallFixture {
    static final String CONFIG = """
            appliance: { id: site-042-a, site: hendon, state-dir: state }
            links:
              voice-in:
                mode: server
                listen: 0.0.0.0:5061
                forward: 127.0.0.1:5060
                tls: { certificate: server.crt, key: server.key, trust: ca.crt, client-auth: required }
                policy:
                  sources: ["198.51.100.0/24", "203.0.113.0/25", "2001:db8:100::/48"]
                  deny-sources: ["198.51.100.66/32", "2001:db8:100:6::/64"]
              media-in:
                mode: server
                listen: "[::]:8443"
                forward: 127.0.0.1:9000
                tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                policy: { sources: ["2001:db8:200::/48"] }
              uplink:
                mode: client
                listen: 10.20.0.1:7000
                connect: ["127.0.0.1:8443"]
                tls: { certificate: server.crt, key: server.key, trust: ca.crt, peers: ["dns:localhost"] }
                policy: { sources: ["10.20.0.0/16", "10.20.5.0/24"] }
              spare:
                mode: server
                listen: 0.0.0.0:6000
                forward: 127.0.0.1:6001
                tls: { certificate: server.crt, key: server.key, trust: ca.crt }
                policy: { sources: [] }
            """;

    private FirewallFixture() {
    }

    static ApplianceConfig config(Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.server("server");
        Path file = dir.resolve("securelink.yaml");
        Files.writeString(file, CONFIG);
        return ConfigLoader.load(file);
    }

    static FirewallOptions options() {
        return new FirewallOptions(List.of(CidrBlock.parse("192.0.2.0/24"), CidrBlock.parse("2001:db8:ffff::/48")), 22);
    }
}
