package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpkiPinTest {
    @TempDir
    static Path dir;
    static Openssl openssl;

    private static final Map<String, String[]> KEYS = Map.of(
            "rsa", new String[] {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"},
            "p256", new String[] {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
            "p384", new String[] {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"},
            "ed25519", new String[] {"-algorithm", "ED25519"});

    @BeforeAll
    static void makeCertificates() {
        openssl = new Openssl(dir);
        KEYS.forEach((name, options) -> openssl.selfSigned(name, "/CN=" + name + " test", options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "p256", "p384", "ed25519"})
    void pinOfCertificateEqualsOpensslPipeline(String key) throws Exception {
        X509Certificate cert = PemFiles.readCertificates(dir.resolve(key + ".crt")).get(0);

        assertEquals(openssl.pinOfCertificate(key + ".crt"), SpkiPin.of(cert).toString());
    }

    @Test
    void pinOfAVersion1CertificateWithoutTheVersionFieldEqualsOpensslPipeline() throws Exception {
        // A v1 certificate has no [0] version before the serial number, so the key is one field earlier.
        openssl.run("req", "-new", "-key", "p256.key", "-subj", "/CN=v1 test", "-out", "v1.csr");
        openssl.run("x509", "-req", "-in", "v1.csr", "-key", "p256.key", "-days", "1", "-out", "v1.crt");
        X509Certificate v1 = PemFiles.readCertificates(dir.resolve("v1.crt")).get(0);

        assertEquals(1, v1.getVersion());
        assertEquals(openssl.pinOfCertificate("v1.crt"), SpkiPin.of(v1).toString());
        assertEquals(SpkiPin.of(PemFiles.readCertificates(dir.resolve("p256.crt")).get(0)), SpkiPin.of(v1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "p256", "p384", "ed25519"})
    void pinOfPublicKeyEqualsPinOfItsCertificate(String key) throws Exception {
        openssl.run("pkey", "-in", key + ".key", "-pubout", "-out", key + ".pub");

        assertEquals(SpkiPin.of(PemFiles.readCertificates(dir.resolve(key + ".crt")).get(0)),
                SpkiPin.of(PemFiles.readPublicKey(dir.resolve(key + ".pub"))));
    }

    @Test
    void textFormRoundTripsThroughParse() throws Exception {
        SpkiPin pin = SpkiPin.of(PemFiles.readCertificates(dir.resolve("p256.crt")).get(0));

        assertEquals(44, pin.toString().length() - "sha256/".length());
        assertEquals(pin, SpkiPin.parse(pin.toString()));
        assertEquals(pin, SpkiPin.parse("  " + pin + "\n"));
    }

    @Test
    void equalityIsByContentAndArraysAreCopied() {
        byte[] hash = new byte[32];
        hash[0] = 7;
        SpkiPin pin = new SpkiPin(hash);
        hash[0] = 9;

        assertEquals(new SpkiPin(pin.sha256()), pin);
        assertEquals(new SpkiPin(pin.sha256()).hashCode(), pin.hashCode());
        assertEquals(7, pin.sha256()[0]);
        assertNotSame(pin.sha256(), pin.sha256());
        pin.sha256()[0] = 1;
        assertEquals(7, pin.sha256()[0]);
        assertNotEquals(new SpkiPin(new byte[32]), pin);
    }

    @Test
    void parseExplainsMissingPrefix() {
        PinFormatException e = assertThrows(PinFormatException.class,
                () -> SpkiPin.parse("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        assertTrue(e.getMessage().contains("does not start with \"sha256/\""), e.getMessage());
        assertTrue(e.getMessage().contains("47DEQpj8"), e.getMessage());
    }

    @Test
    void parseExplainsBadBase64() {
        PinFormatException e = assertThrows(PinFormatException.class, () -> SpkiPin.parse("sha256/not*base64!"));
        assertTrue(e.getMessage().contains("is not valid base64"), e.getMessage());
    }

    @Test
    void parseExplainsWrongLength() {
        PinFormatException e = assertThrows(PinFormatException.class, () -> SpkiPin.parse("sha256/AAAA"));
        assertTrue(e.getMessage().contains("decodes to 3 bytes, a SHA-256 pin must decode to 32 bytes"), e.getMessage());
    }

    @Test
    void parseRecognisesHexInsteadOfBase64() {
        String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        PinFormatException e = assertThrows(PinFormatException.class, () -> SpkiPin.parse("sha256/" + hex));
        assertTrue(e.getMessage().contains("looks like hex"), e.getMessage());
    }

    @Test
    void parseRejectsUnpaddedBase64() {
        PinFormatException e = assertThrows(PinFormatException.class,
                () -> SpkiPin.parse("sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"));
        assertTrue(e.getMessage().contains("44 characters"), e.getMessage());
    }

    @Test
    void parseRejectsEmptyText() {
        assertThrows(PinFormatException.class, () -> SpkiPin.parse(" "));
    }

    @Test
    void sha256OfEmptyInputHasTheKnownPin() throws Exception {
        SpkiPin pin = SpkiPin.parse("sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]), pin.sha256());
    }
}
