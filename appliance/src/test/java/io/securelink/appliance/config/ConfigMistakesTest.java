package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * Mistakes a new user makes in a config, each answered by one located problem (or warning) that says what
 * to do: a misspelt key names the key it was meant to be, a file that is not UTF-8 or is a folder says so,
 * and the link's own certificate that every peer will refuse today is called out before `run`.
 */
class ConfigMistakesTest {
    @TempDir
    Path dir;

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
                policy: { sources: ["10.20.0.0/16"] }
            """;

    String serverPin;
    TestPki pki;

    @BeforeEach
    void pki() {
        pki = new TestPki(dir);
        serverPin = pki.server("server").pin();
    }

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, yaml.replace("PIN", serverPin));
        return f;
    }

    private List<ConfigProblem> problems(String yaml) throws Exception {
        Path f = write(yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.check(f)).problems();
    }

    private static String all(List<ConfigProblem> p) {
        return p.stream().map(Object::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void aMisspeltRequiredKeyIsOneProblemThatNamesTheKeyItWasMeantToBe() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("    forward: 127.0.0.1:5060", "    forwrad: 127.0.0.1:5060"));
        assertEquals(1, p.size(), all(p));
        assertEquals(9, p.get(0).line(), all(p));
        assertEquals("links.voice-in.forwrad", p.get(0).field());
        assertTrue(p.get(0).message().contains("unknown key 'forwrad': did you mean 'forward'?"), all(p));
    }

    @Test
    void aKeyWrittenWithAnUnderscoreNamesTheDashedKeyEvenWhenThatKeyIsOptional() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("      client-auth: required", "      client_auth: required"));
        assertEquals(1, p.size(), all(p));
        assertTrue(p.get(0).message().contains("did you mean 'client-auth'?"), all(p));
        List<ConfigProblem> state = problems(VALID.replace("  state-dir: state", "  state-dri: state"));
        assertTrue(state.get(0).message().contains("did you mean 'state-dir'?"), all(state));
    }

    @Test
    void anUnknownKeyWithNoCloseMatchListsTheKeysItsSectionTakes() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("  site: hendon", "  site: hendon\n  colour: red"));
        assertEquals(1, p.size(), all(p));
        assertTrue(p.get(0).message().contains("unknown key 'colour' (keys here: id, site, state-dir"), all(p));
    }

    @Test
    void aConfigThatIsNotUtf8TextSaysSoInsteadOfTheDecodersWords() throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 'a', ':', ' ', 'b', '\n'});
        List<ConfigProblem> p = assertThrows(ConfigException.class, () -> ConfigLoader.check(f)).problems();
        assertTrue(p.get(0).message().contains("is not UTF-8 text"), all(p));
        assertFalse(all(p).contains("Input length"), all(p));
    }

    @Test
    void aFolderGivenAsTheConfigOrAsANamedFileIsCalledAFolder() throws Exception {
        List<ConfigProblem> asConfig = assertThrows(ConfigException.class, () -> ConfigLoader.check(dir)).problems();
        assertTrue(asConfig.get(0).message().contains("is a directory, not a config file"), all(asConfig));
        Files.createDirectories(dir.resolve("certs"));
        List<ConfigProblem> asCert = problems(VALID.replace("certificate: server.crt", "certificate: certs"));
        assertEquals(1, asCert.size(), all(asCert));
        assertTrue(asCert.get(0).message().contains("certs is a directory; name the file in it"), all(asCert));
    }

    @Test
    void aBarePortIsAskedForTheHostToPutBeforeIt() throws Exception {
        List<ConfigProblem> p = problems(VALID.replace("    listen: 127.0.0.1:5061", "    listen: 5061"));
        assertEquals(1, p.size(), all(p));
        assertTrue(p.get(0).message().contains("'5061' is a port without a host (expected host:port): write 127.0.0.1:5061 for "
                + "this machine only, or 0.0.0.0:5061"), all(p));
    }

    @Test
    void aCertificateNamedAsTheKeyIsCalledSwappedNotWorldReadable() throws Exception {
        assertTrue(Files.getPosixFilePermissions(dir.resolve("server.crt")).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
        List<ConfigProblem> p = problems(VALID.replace("key: server.key", "key: server.crt"));
        assertEquals(1, p.size(), all(p));
        assertEquals("links.voice-in.tls.key", p.get(0).field());
        assertTrue(p.get(0).message().contains("server.crt holds a certificate, not a private key"), all(p));
        assertFalse(all(p).contains("chmod"), all(p));
    }

    @Test
    void anExpiredOwnCertificateIsAWarningAtItsLineThatSaysPeersWillRefuseIt() throws Exception {
        TestPki.Pair old = pki.expiredClient("old", "spiffe://x/old");
        Path f = write(VALID.replace("certificate: server.crt", "certificate: " + old.cert().getFileName())
                .replace("key: server.key", "key: " + old.key().getFileName()));
        ConfigLoader.Loaded loaded = ConfigLoader.check(f);
        List<ConfigProblem> w = loaded.warnings();
        assertEquals(1, w.size(), all(w));
        assertEquals(11, w.get(0).line(), all(w));
        assertEquals("links.voice-in.tls.certificate", w.get(0).field());
        assertTrue(w.get(0).message().contains("expired at "), all(w));
        assertTrue(w.get(0).message().contains("(1 day ago): every peer will refuse it"), all(w));
    }
}
