package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.config.ConfigProblem;
import io.securelink.appliance.config.RevocationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls.revocation} as check-config reads it: every mistake located (file:line:col: field), CRL content in the digest. */
class RevocationConfigTest {
    @TempDir
    Path dir;
    CarrierPki pki;

    @BeforeEach
    void setUp() {
        pki = new CarrierPki(dir);
    }

    private Path write(String revocation) throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, """
                appliance: { id: cfg-test, site: lab, state-dir: state }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:18443
                    forward: 127.0.0.1:18080
                    tls:
                      certificate: sub-ca/server-chain.crt
                      key: sub-ca/server.key
                      trust: root-ca/ca.crt
                      revocation: %s
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(revocation));
        return f;
    }

    private List<String> problems(String revocation) throws Exception {
        Path f = write(revocation);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aFullSectionIsRead() throws Exception {
        RevocationConfig r = ConfigLoader.load(write("{ crl: [root.crl, sub.crl], crl-stale: warn, ocsp: hard, "
                + "ocsp-responder: \"http://127.0.0.1:9/\", ocsp-timeout: 500ms, staple: true }")).links().get("edge-in").tls().revocation();
        assertEquals(2, r.crls().size());
        assertEquals("CN=i14 Carrier Sub CA", r.crls().get(1).issuerName());
        assertEquals(RevocationConfig.CrlStale.WARN, r.crlStale());
        assertEquals(RevocationConfig.OcspMode.HARD, r.ocsp());
        assertEquals(500, r.ocspTimeout().toMillis());
        assertTrue(r.staple());
    }

    @Test
    void everyMistakeIsLocatedAndExplained() throws Exception {
        Files.writeString(dir.resolve("junk.crl"), "not a CRL");
        List<String> p = problems("{ crl: [missing.crl, junk.crl], crl-stale: maybe, ocsp: sometimes, "
                + "ocsp-responder: \"ftp://x/\", ocsp-timeout: 90s, staple: yes, colour: blue }");
        String all = String.join("\n", p);
        assertTrue(all.contains("securelink.yaml:11:") , all);
        assertTrue(all.contains("links.edge-in.tls.revocation.crl[0]: file ") && all.contains("missing.crl does not exist"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.crl[1]: ") && all.contains("not a readable X.509 CRL"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.crl-stale: 'maybe' is not refuse or warn"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.ocsp: 'sometimes' is not off, soft or hard"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.ocsp-responder: 'ftp://x/' is not an http:// URL"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.ocsp-timeout: must be more than 0 and at most 30s"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.staple: 'yes' is not true or false"), all);
        assertTrue(all.contains("links.edge-in.tls.revocation.colour: unknown key 'colour'"), all);
    }

    @Test
    void twoCrlsOfOneIssuerAndAnEmptySectionAreRefused() throws Exception {
        assertTrue(String.join("\n", problems("{ crl: [sub.crl, sub.crl] }")).contains("a second CRL of issuer CN=i14 Carrier Sub CA"));
        assertTrue(String.join("\n", problems("{ crl-stale: warn }")).contains("checks nothing"));
    }

    @Test
    void aNewCrlIsANewConfigDigest() throws Exception {
        Path f = write("{ crl: [sub.crl] }");
        String before = ConfigLoader.load(f).digest();
        assertEquals(before, ConfigLoader.load(f).digest());
        pki.sub.revoke(pki.siteA.cert(), "keyCompromise");
        pki.sub.crl(pki.subCrl);
        assertNotEquals(before, ConfigLoader.load(f).digest());
    }
}
