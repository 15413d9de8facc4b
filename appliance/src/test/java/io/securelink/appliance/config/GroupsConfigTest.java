package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls.groups} and {@code tls.require-post-quantum}: defaults, order, located errors, and the digest. */
class GroupsConfigTest {
    @TempDir
    Path dir;
    String serverPin;

    @BeforeEach
    void pki() {
        TestPki pki = new TestPki(dir);
        serverPin = pki.server("server").pin();
    }

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, yaml.replace("PIN", serverPin));
        return f;
    }

    private static String withTls(String extra) {
        return CheckConfigTest.VALID.replace("      client-auth: required", "      client-auth: required\n" + extra);
    }

    private ConfigProblem only(String yaml) throws Exception {
        Path f = write(yaml);
        List<ConfigProblem> p = assertThrows(ConfigException.class, () -> ConfigLoader.load(f)).problems();
        assertEquals(1, p.size(), () -> p.stream().map(Object::toString).collect(Collectors.joining("\n")));
        return p.get(0);
    }

    @Test
    void linksOfferTheHybridFirstByDefaultAndDoNotRequireIt() throws Exception {
        TlsConfig t = ConfigLoader.load(write(CheckConfigTest.VALID)).links().get("voice-in").tls();
        assertEquals(List.of(KeyExchangeGroup.X25519MLKEM768, KeyExchangeGroup.X25519, KeyExchangeGroup.P_256), t.groups());
        assertEquals(false, t.requirePostQuantum());
    }

    @Test
    void groupsKeepTheirOrderAndRequireLeavesOnlyPostQuantumOnTheWire() throws Exception {
        TlsConfig t = ConfigLoader.load(write(withTls("      groups: [x25519, X25519MLKEM768, secp384r1]\n      require-post-quantum: true")))
                .links().get("voice-in").tls();
        assertEquals(List.of(KeyExchangeGroup.X25519, KeyExchangeGroup.X25519MLKEM768, KeyExchangeGroup.P_384), t.groups());
        assertEquals(List.of(KeyExchangeGroup.X25519MLKEM768), t.effectiveGroups());
    }

    @Test
    void anUnknownGroupIsNamedWithItsIndexAndLine() throws Exception {
        ConfigProblem p = only(withTls("      groups: [X25519MLKEM768, X448]"));
        assertEquals("links.voice-in.tls.groups[1]", p.field(), p.toString());
        assertEquals(15, p.line(), p.toString());
        assertTrue(p.message().contains("'X448' is not a supported group (one of X25519MLKEM768, X25519, P-256, P-384, P-521)"), p.toString());
    }

    @Test
    void requiringPostQuantumWithoutSuchAGroupIsRefused() throws Exception {
        ConfigProblem p = only(withTls("      groups: [X25519, P-256]\n      require-post-quantum: true"));
        assertEquals("links.voice-in.tls.require-post-quantum", p.field(), p.toString());
        assertTrue(p.message().contains("no post-quantum group"), p.toString());
    }

    @Test
    void requiringPostQuantumOnATls12OnlyLinkIsRefused() throws Exception {
        ConfigProblem p = only(withTls("      versions: [TLSv1.2]\n      require-post-quantum: true"));
        assertEquals("links.voice-in.tls.require-post-quantum", p.field(), p.toString());
        assertTrue(p.message().contains("needs TLSv1.3"), p.toString());
    }

    @Test
    void requireIsABoolean() throws Exception {
        ConfigProblem p = only(withTls("      require-post-quantum: maybe"));
        assertEquals("links.voice-in.tls.require-post-quantum", p.field(), p.toString());
        assertTrue(p.message().contains("'maybe' is not true or false"), p.toString());
    }

    @Test
    void groupsAndRequireAreInTheConfigDigest() throws Exception {
        String plain = ConfigLoader.load(write(CheckConfigTest.VALID)).digest();
        String reordered = ConfigLoader.load(write(withTls("      groups: [X25519, X25519MLKEM768, P-256]"))).digest();
        String required = ConfigLoader.load(write(withTls("      require-post-quantum: true"))).digest();
        String sameAsDefault = ConfigLoader.load(write(withTls("      groups: [X25519MLKEM768, X25519, P-256]"))).digest();
        assertNotEquals(plain, reordered);
        assertNotEquals(plain, required);
        assertEquals(plain, sameAsDefault, "the digest is of the effective settings, not the text");
    }
}
