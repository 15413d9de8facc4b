package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check-config} tells an operator about a broken config: each problem names the file, the
 * line, the link and the field, and says what is wrong; every problem is listed, not just the first.
 */
class CheckConfigTest {
    @TempDir
    Path dir;
    TestPki pki;
    String serverPin;

    static final String VALID = """
            appliance:
              id: site-042-a
              site: hendon
              state-dir: state
            links:
              voice-in:
                mode: server
                listen: 127.0.0.1:5061
                forward: 127.0.0.1:5060
                tls:
                  certificate: server.crt
                  key: server.key
                  trust: ca.crt
                  client-auth: required
                  pins: ["PIN"]
                  peers: ["dns:*.carrier.example", "uri:spiffe://carrier/voice", "ip:10.0.0.5", "cn:gw1"]
                timeouts: { handshake: 10s, connect: 3s, idle: 300s, drain: 30s }
                policy: { sources: ["10.20.0.0/16"] }
              uplink:
                mode: client
                listen: 127.0.0.1:7000
                connect: ["gw1.carrier.example:443", "gw2.carrier.example:443"]
                tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["PIN"] }
                policy: { sources: ["127.0.0.1/32"] }
            """;

    @BeforeEach
    void pki() {
        pki = new TestPki(dir);
        serverPin = pki.server("server").pin();
        pki.client("client", "spiffe://x/y");
    }

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, yaml.replace("PIN", serverPin));
        return f;
    }

    private List<ConfigProblem> problems(String yaml) throws Exception {
        Path f = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        return e.problems();
    }

    private ConfigProblem only(String yaml) throws Exception {
        List<ConfigProblem> p = problems(yaml);
        assertEquals(1, p.size(), () -> p.stream().map(Object::toString).collect(Collectors.joining("\n")));
        return p.get(0);
    }

    private static void assertProblem(ConfigProblem p, int line, String field, String text) {
        assertTrue(p.toString().contains(text), "message should contain '" + text + "': " + p);
        assertEquals(field, p.field(), p.toString());
        if (line > 0) {
            assertEquals(line, p.line(), p.toString());
        }
        assertTrue(p.toString().contains("securelink.yaml:"), p.toString());
    }

    @Test
    void theValidConfigLoadsWithItsLinks() throws Exception {
        ApplianceConfig c = ConfigLoader.load(write(VALID));
        assertEquals(2, c.links().size());
        assertEquals(LinkMode.CLIENT, c.links().get("uplink").mode());
        assertEquals(64, c.digest().length());
    }

    @Test
    void yamlSyntaxErrorIsReportedWithLineAndColumn() throws Exception {
        ConfigProblem p = only(VALID.replace("    mode: server", "    mode: [server"));
        assertTrue(p.message().startsWith("YAML syntax error"), p.toString());
        assertTrue(p.line() > 0 && p.column() > 0, p.toString());
    }

    @Test
    void anUnquotedIpv6ListenAddressGetsAHintToQuoteIt() throws Exception {
        ConfigProblem p = only(VALID.replace("    listen: 127.0.0.1:5061", "    listen: [::1]:5061"));
        assertTrue(p.message().startsWith("YAML syntax error"), p.toString());
        assertTrue(p.message().contains("must be quoted, e.g. listen: \"[::1]:5061\""), p.toString());
    }

    @Test
    void aLimitOfZeroIsRefusedAndUnlimitedMustBeWritten() throws Exception {
        ConfigProblem p = only(VALID.replace("policy: { sources: [\"10.20.0.0/16\"] }", "policy: { sources: [\"10.20.0.0/16\"], max-connections: 0 }"));
        assertProblem(p, 0, "links.voice-in.policy.max-connections", "0 is not a limit: write a positive number, or 'unlimited'");
        ApplianceConfig c = ConfigLoader.load(write(VALID.replace("policy: { sources: [\"10.20.0.0/16\"] }",
                "policy: { sources: [\"10.20.0.0/16\"], max-connections: unlimited }")));
        assertEquals(0, c.links().get("voice-in").policy().maxConnections());
    }

    @Test
    void aSiteOrIdThatCannotBeAnMqttTopicLevelIsRefused() throws Exception {
        assertProblem(only(VALID.replace("site: hendon", "site: hendon/other-appliance")), 3, "appliance.site", "must be 1-63 lower-case letters");
        assertProblem(only(VALID.replace("site: hendon", "site: \"+\"")), 3, "appliance.site", "must be 1-63 lower-case letters");
        assertProblem(only(VALID.replace("id: site-042-a", "id: _cli")), 2, "appliance.id", "must be 1-63 lower-case letters");
    }

    @Test
    void unknownTopLevelKeyIsNamed() throws Exception {
        assertProblem(only(VALID + "lnks: {}\n"), 25, "lnks", "unknown key 'lnks'");
    }

    @Test
    void misspeltLinkKeyIsNamedWithItsLink() throws Exception {
        assertProblem(only(VALID.replace("    forward: 127.0.0.1:5060", "    forward: 127.0.0.1:5060\n    fowrard: x")),
                10, "links.voice-in.fowrard", "unknown key 'fowrard'");
    }

    @Test
    void missingCertificateFileIsNamed() throws Exception {
        assertProblem(only(VALID.replace("      certificate: server.crt", "      certificate: missing.crt")),
                0, "links.voice-in.tls.certificate", "missing.crt does not exist");
    }

    @Test
    void linksNamingTheSameKeyMaterialShareOneReadOfIt() throws Exception {
        ApplianceConfig c = ConfigLoader.load(write(VALID));
        TlsConfig in = c.links().get("voice-in").tls();
        TlsConfig up = c.links().get("uplink").tls();

        assertSame(in.credentials(), up.credentials(), "one read and one key check for the shared certificate and key");
        assertSame(in.anchors(), up.anchors(), "one read of the shared trust bundle");
    }

    @Test
    void aKeyThatDoesNotMatchIsNamedForEveryLinkThatUsesIt() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("key: server.key", "key: client.key"));

        assertEquals(2, p.size(), p::toString);
        assertProblem(p.get(0), 0, "links.voice-in.tls.key", "does not match");
        assertProblem(p.get(1), 0, "links.uplink.tls.key", "does not match");
    }

    @Test
    void keyNotMatchingCertificateIsNamed() throws Exception {
        assertProblem(only(VALID.replace("      key: server.key", "      key: client.key")),
                0, "links.voice-in.tls.key", "does not match");
    }

    @Test
    void badPinFormatIsNamedWithItsIndex() throws Exception {
        assertProblem(only(VALID.replace("      pins: [\"PIN\"]", "      pins: [\"PIN\", \"md5/abc\"]")),
                15, "links.voice-in.tls.pins[1]", "sha256/");
    }

    @Test
    void portOutOfRangeIsRejected() throws Exception {
        assertProblem(only(VALID.replace("listen: 127.0.0.1:5061", "listen: 127.0.0.1:99999")),
                8, "links.voice-in.listen", "outside 1-65535");
    }

    @Test
    void addressWithoutPortIsRejected() throws Exception {
        assertProblem(only(VALID.replace("forward: 127.0.0.1:5060", "forward: 127.0.0.1")),
                9, "links.voice-in.forward", "has no port");
    }

    @Test
    void twoLinksOnOnePortAreRejectedNamingBoth() throws Exception {
        ConfigProblem p = only(VALID.replace("listen: 127.0.0.1:7000", "listen: 0.0.0.0:5061"));
        assertProblem(p, 0, "links.uplink.listen", "link 'voice-in' already uses");
    }

    @Test
    void pinsOnlyWithoutPinsIsRejected() throws Exception {
        assertProblem(only(VALID.replace("      trust: ca.crt\n      client-auth: required\n      pins: [\"PIN\"]",
                        "      trust: pins-only\n      client-auth: required")),
                0, "links.voice-in.tls.trust", "'pins' must list at least one pin");
    }

    @Test
    void unknownModeIsRejected() throws Exception {
        assertProblem(only(VALID.replace("mode: server", "mode: relay")), 7, "links.voice-in.mode", "'relay' is not a mode");
    }

    @Test
    void serverLinkWithoutForwardIsRejected() throws Exception {
        assertProblem(only(VALID.replace("    forward: 127.0.0.1:5060\n", "")), 0, "links.voice-in.forward", "needs 'forward'");
    }

    @Test
    void clientLinkWithoutConnectIsRejected() throws Exception {
        assertProblem(only(VALID.replace("    connect: [\"gw1.carrier.example:443\", \"gw2.carrier.example:443\"]\n", "")),
                0, "links.uplink.connect", "needs at least one endpoint");
    }

    @Test
    void applianceIdMustBeLowerCase() throws Exception {
        assertProblem(only(VALID.replace("id: site-042-a", "id: Site_042")), 2, "appliance.id", "lower-case");
    }

    @Test
    void badDurationIsRejected() throws Exception {
        assertProblem(only(VALID.replace("handshake: 10s", "handshake: 10 seconds")),
                17, "links.voice-in.timeouts.handshake", "not a duration");
    }

    @Test
    void unknownIdentityKindIsRejected() throws Exception {
        assertProblem(only(VALID.replace("\"cn:gw1\"", "\"email:gw1@x\"")), 16, "links.voice-in.tls.peers[3]", "email");
    }

    @Test
    void badCidrIsRejected() throws Exception {
        assertProblem(only(VALID.replace("10.20.0.0/16", "10.20.0.0/33")), 18, "links.voice-in.policy.sources[0]", "prefix length");
    }

    @Test
    void worldReadableKeyIsRejectedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));
        List<ConfigProblem> p = problems(VALID);
        assertTrue(p.stream().anyMatch(x -> x.field().equals("links.voice-in.tls.key") && x.message().contains("chmod 600")),
                p.toString());
    }

    @Test
    void clientAuthOnAClientLinkIsRejected() throws Exception {
        assertProblem(only(VALID.replace("pins: [\"PIN\"] }", "pins: [\"PIN\"], client-auth: none }")),
                0, "links.uplink.tls.client-auth", "server-mode links only");
    }

    @Test
    void trustBundleWithoutCertificatesIsRejected() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertProblem(only(VALID.replace("      trust: ca.crt", "      trust: empty.pem")),
                0, "links.voice-in.tls.trust", "empty.pem");
    }

    @Test
    void missingApplianceSectionIsRejected() throws Exception {
        List<ConfigProblem> p = problems(VALID.substring(VALID.indexOf("links:")));
        assertTrue(p.stream().anyMatch(x -> x.message().contains("'appliance' is required")), p.toString());
    }

    @Test
    void duplicateKeyIsRejected() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("    mode: server", "    mode: server\n    mode: client"));
        assertTrue(p.stream().anyMatch(x -> x.toString().contains("duplicate key 'mode'") || x.toString().contains("found duplicate key")),
                p.toString());
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("id: site-042-a", "id: BAD")
                .replace("listen: 127.0.0.1:5061", "listen: nowhere")
                .replace("10.20.0.0/16", "ten.twenty"));
        assertEquals(3, p.size(), p.toString());
    }

    @Test
    void aLinkWithoutSourcesLoadsWithAWarningThatItAcceptsNobody() throws Exception {
        ConfigLoader.Loaded l = ConfigLoader.loadWithWarnings(write(VALID.replace("    policy: { sources: [\"10.20.0.0/16\"] }\n", "")));
        assertTrue(l.warnings().stream().anyMatch(w -> w.field().equals("links.voice-in.policy.sources")
                && w.message().contains("accepts no connections")), l.warnings().toString());
    }
}
