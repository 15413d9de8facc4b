package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CsrTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "ED25519"})
    void requestVerifiesInOpensslAndCarriesSubjectAndSans(KeyType type) throws Exception {
        Openssl openssl = new Openssl(dir);
        KeyPair keys = type.generate();
        PKCS10CertificationRequest csr = Csr.create(keys, "CN=gw1,O=Police,C=DE", List.of("gw1.police.example", "gw1"));
        PemFiles.writePem(dir.resolve("gw1.csr"), csr, false);

        String text = openssl.run("req", "-in", "gw1.csr", "-noout", "-verify", "-text");
        assertTrue(text.contains("Subject: C = DE, O = Police, CN = gw1"), text);
        assertTrue(text.contains("DNS:gw1.police.example, DNS:gw1"), text);
        assertEquals(SpkiPin.of(keys.getPublic()), PinSource.read(dir.resolve("gw1.csr"), null).get(0).pin());
        assertEquals(csr.getSubject(), PemFiles.readCsr(dir.resolve("gw1.csr")).getSubject());
    }

    @Test
    void requestWithoutDnsNamesHasNoAttributes() throws Exception {
        Openssl openssl = new Openssl(dir);
        PemFiles.writePem(dir.resolve("plain.csr"), Csr.create(KeyType.EC_P384.generate(), "CN=plain", List.of()), false);

        String text = openssl.run("req", "-in", "plain.csr", "-noout", "-verify", "-text");
        assertTrue(text.contains("Attributes:\n            (none)"), text);
        assertFalse(text.contains("Subject Alternative Name"), text);
    }
}
