package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    static Path dir;
    static Openssl openssl;

    @BeforeAll
    static void makeKeys() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Test Root CA", Openssl.EC_P256);
        openssl.leaf("gw1", "/O=Carrier/CN=gw1", "ca", List.of(), Openssl.EC_P256);
        openssl.leaf("gw2", "/CN=gw2", "ca", List.of(), Openssl.EC_P256);
        openssl.leaf("edge", "/CN=edge", "ca", List.of(), Openssl.ED25519);
        openssl.run("genpkey", "-algorithm", "X25519", "-out", "x25519.key");
    }

    @Test
    void chainIsLeafFirstAsInTheFile() throws Exception {
        Credentials creds = Credentials.load(dir.resolve("gw1-chain.pem"), dir.resolve("gw1.key"), null);

        assertEquals("CN=gw1,O=Carrier", creds.leaf().getSubjectX500Principal().getName());
        assertEquals("CN=Test Root CA", creds.chain().get(1).getSubjectX500Principal().getName());
        assertEquals(SpkiPin.of(creds.leaf()), creds.leafPin());
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingBothFiles() {
        Path cert = dir.resolve("gw1-chain.pem");
        Path key = dir.resolve("gw2.key");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> Credentials.load(cert, key, null));
        assertEquals("private key in " + key + " does not match certificate CN=gw1,O=Carrier in " + cert, e.getMessage());
    }

    @Test
    void keyOfAnotherAlgorithmIsRejected() {
        Path cert = dir.resolve("gw1-chain.pem");

        KeyMaterialException ed = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(cert, dir.resolve("edge.key"), null));
        assertTrue(ed.getMessage().startsWith("private key in " + dir.resolve("edge.key") + " does not match"));
        KeyMaterialException x = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(cert, dir.resolve("x25519.key"), null));
        assertTrue(x.getMessage().contains("does not match certificate CN=gw1,O=Carrier"), x.getMessage());
    }

    @Test
    void caKeyDoesNotMatchLeafListedFirst() {
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(dir.resolve("gw1-chain.pem"), dir.resolve("ca.key"), null));
        assertTrue(e.getMessage().contains("does not match certificate CN=gw1,O=Carrier"), e.getMessage());
    }

    @Test
    void keyAndCertificateInOneFileLoadWithNullKeyFile() throws Exception {
        openssl.bash("cat gw2.crt gw2.key > gw2-combined.pem");

        Credentials creds = Credentials.load(dir.resolve("gw2-combined.pem"), null, null);
        assertEquals("CN=gw2", creds.leaf().getSubjectX500Principal().getName());
    }

    @Test
    void toStringDescribesWithoutKeyMaterial() throws Exception {
        Credentials creds = Credentials.load(dir.resolve("gw1-chain.pem"), dir.resolve("gw1.key"), null);
        String encodedKey = Base64.getEncoder().encodeToString(creds.key().getEncoded());

        String text = creds.toString();
        assertTrue(text.contains("CN=gw1,O=Carrier"), text);
        assertTrue(text.contains(creds.leafPin().toString()), text);
        assertFalse(text.contains(encodedKey.substring(40, 60)), text);
        assertFalse(text.contains("PrivateKey"), text);
        assertFalse(text.contains(creds.key().toString()), text);
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = dir.resolve("nope.key");

        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(dir.resolve("gw1-chain.pem"), missing, null));
        assertEquals("cannot read " + missing + ": no such file", e.getMessage());
    }

    @Test
    void keyFileWithoutKeySaysWhatItHolds() {
        Path cert = dir.resolve("gw1.crt");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> Credentials.load(cert, cert, null));
        assertEquals("no private key in " + cert + " (found: certificate)", e.getMessage());
    }
}
