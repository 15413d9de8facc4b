package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every private key format OpenSSL writes loads, and Credentials.load accepts it with the matching certificate. */
class CredentialsLoadTest {
    private static final char[] PASS = "correct horse".toCharArray();

    @TempDir
    static Path dir;
    static Openssl openssl;

    @BeforeAll
    static void makeKeys() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Test Root CA", Openssl.EC_P256);
        openssl.leaf("rsa", "/CN=rsa.site.example", "ca", List.of(), Openssl.RSA_2048);
        openssl.leaf("ec", "/CN=ec.site.example", "ca", List.of(), Openssl.EC_P256);
        openssl.leaf("ed", "/CN=ed.site.example", "ca", List.of(), Openssl.ED25519);
    }

    private static String pass() {
        return "pass:" + new String(PASS);
    }

    private static Credentials assertLoads(String chain, String keyFile, char[] passphrase, String expectedKeyAlgorithm)
            throws Exception {
        Credentials creds = Credentials.load(dir.resolve(chain), dir.resolve(keyFile), passphrase);
        assertEquals(expectedKeyAlgorithm, creds.key().getAlgorithm());
        assertEquals(openssl.pinOfCertificate(chain), creds.leafPin().toString());
        return creds;
    }

    private static void assertHeader(String file, String expected) throws Exception {
        String text = Files.readString(dir.resolve(file));
        assertTrue(text.contains(expected), file + " should contain " + expected + " but is:\n" + text);
    }

    @Test
    void pkcs1RsaKeyLoads() throws Exception {
        openssl.run("rsa", "-in", "rsa.key", "-traditional", "-out", "rsa-pkcs1.key");
        assertHeader("rsa-pkcs1.key", "-----BEGIN RSA PRIVATE KEY-----");

        Credentials creds = assertLoads("rsa-chain.pem", "rsa-pkcs1.key", null, "RSA");
        assertEquals(2, creds.chain().size());
    }

    @Test
    void sec1EcKeyLoads() throws Exception {
        openssl.run("ec", "-in", "ec.key", "-out", "ec-sec1.key");
        assertHeader("ec-sec1.key", "-----BEGIN EC PRIVATE KEY-----");

        assertLoads("ec-chain.pem", "ec-sec1.key", null, "EC");
    }

    @Test
    void sec1EcKeyAfterEcParametersBlockLoads() throws Exception {
        openssl.bash("openssl ecparam -name prime256v1 -genkey -out ecparam.key"
                + " && openssl req -x509 -new -key ecparam.key -subj /CN=ecparam -days 1 -out ecparam.crt");
        assertHeader("ecparam.key", "-----BEGIN EC PARAMETERS-----");

        assertLoads("ecparam.crt", "ecparam.key", null, "EC");
    }

    @Test
    void unencryptedPkcs8KeysLoad() throws Exception {
        assertHeader("rsa.key", "-----BEGIN PRIVATE KEY-----");

        assertLoads("rsa-chain.pem", "rsa.key", null, "RSA");
        assertLoads("ec-chain.pem", "ec.key", null, "EC");
    }

    @Test
    void ed25519Pkcs8KeyLoads() throws Exception {
        assertHeader("ed.key", "-----BEGIN PRIVATE KEY-----");

        assertLoads("ed-chain.pem", "ed.key", null, "EdDSA");
    }

    @Test
    void ed448KeyLoads() throws Exception {
        openssl.selfSigned("ed448", "/CN=ed448", "-algorithm", "ED448");

        assertLoads("ed448.crt", "ed448.key", null, "EdDSA");
    }

    @Test
    void encryptedPkcs8WithOpensslDefaultsLoads() throws Exception {
        openssl.run("pkcs8", "-topk8", "-in", "ec.key", "-passout", pass(), "-out", "ec-enc.key");
        assertHeader("ec-enc.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertTrue(openssl.run("asn1parse", "-in", "ec-enc.key").contains("PBES2"));

        assertLoads("ec-chain.pem", "ec-enc.key", PASS, "EC");
    }

    @Test
    void encryptedPkcs8WithPbes2Aes128AndSha512PrfLoads() throws Exception {
        openssl.run("pkcs8", "-topk8", "-in", "rsa.key", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA512",
                "-passout", pass(), "-out", "rsa-enc.key");

        assertLoads("rsa-chain.pem", "rsa-enc.key", PASS, "RSA");
    }

    @Test
    void encryptedPkcs8WithLegacyPbes1TripleDesLoads() throws Exception {
        openssl.run("pkcs8", "-topk8", "-in", "ec.key", "-v1", "PBE-SHA1-3DES", "-passout", pass(), "-out", "ec-pbes1.key");

        assertLoads("ec-chain.pem", "ec-pbes1.key", PASS, "EC");
    }

    @Test
    void encryptedPkcs8WithScryptLoads() throws Exception {
        openssl.run("pkcs8", "-topk8", "-in", "ed.key", "-scrypt", "-scrypt_N", "1024", "-passout", pass(),
                "-out", "ed-scrypt.key");

        assertLoads("ed-chain.pem", "ed-scrypt.key", PASS, "EdDSA");
    }

    @Test
    void encryptedPkcs8WithWrongPassphraseSaysSoAndNamesTheFile() {
        openssl.run("pkcs8", "-topk8", "-in", "ec.key", "-passout", pass(), "-out", "ec-wrong.key");

        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(dir.resolve("ec-chain.pem"), dir.resolve("ec-wrong.key"), "nope".toCharArray()));
        assertEquals("wrong passphrase for the encrypted private key in " + dir.resolve("ec-wrong.key"), e.getMessage());
    }

    @Test
    void encryptedPkcs8WithoutPassphraseSaysOneIsNeeded() {
        openssl.run("pkcs8", "-topk8", "-in", "ec.key", "-passout", pass(), "-out", "ec-nopass.key");

        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(dir.resolve("ec-chain.pem"), dir.resolve("ec-nopass.key"), null));
        assertTrue(e.getMessage().contains(dir.resolve("ec-nopass.key") + " is encrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("needs a passphrase, but none was given"), e.getMessage());
    }

    @Test
    void legacyEncryptedRsaPemLoads() throws Exception {
        openssl.run("rsa", "-in", "rsa.key", "-traditional", "-aes256", "-passout", pass(), "-out", "rsa-legacy.key");
        assertHeader("rsa-legacy.key", "Proc-Type: 4,ENCRYPTED");

        assertLoads("rsa-chain.pem", "rsa-legacy.key", PASS, "RSA");
    }

    @Test
    void legacyEncryptedEcPemWithTripleDesLoads() throws Exception {
        openssl.run("ec", "-in", "ec.key", "-des3", "-passout", pass(), "-out", "ec-legacy.key");
        assertHeader("ec-legacy.key", "DEK-Info: DES-EDE3-CBC");

        assertLoads("ec-chain.pem", "ec-legacy.key", PASS, "EC");
    }

    @Test
    void legacyEncryptedPemWithWrongOrMissingPassphraseIsExplained() {
        openssl.run("ec", "-in", "ec.key", "-aes128", "-passout", pass(), "-out", "ec-legacy2.key");
        Path key = dir.resolve("ec-legacy2.key");

        KeyMaterialException wrong = assertThrows(KeyMaterialException.class,
                () -> PemFiles.readPrivateKey(key, "not it".toCharArray()));
        assertEquals("wrong passphrase for the encrypted private key in " + key, wrong.getMessage());
        KeyMaterialException missing = assertThrows(KeyMaterialException.class, () -> PemFiles.readPrivateKey(key, null));
        assertTrue(missing.getMessage().contains("legacy PEM encryption AES-128-CBC"), missing.getMessage());
    }

    @Test
    void pkcs12WithPasswordLoadsKeyAndChain() throws Exception {
        openssl.run("pkcs12", "-export", "-inkey", "rsa.key", "-in", "rsa.crt", "-certfile", "ca.crt",
                "-passout", pass(), "-out", "rsa.p12");

        Credentials creds = Credentials.load(dir.resolve("rsa.p12"), dir.resolve("rsa.p12"), PASS);
        assertEquals(openssl.pinOfCertificate("rsa.crt"), creds.leafPin().toString());
        assertEquals(PemFiles.readCertificates(dir.resolve("rsa-chain.pem")), creds.chain());
    }

    @Test
    void pkcs12WithEmptyPasswordLoadsWithoutPassphrase() throws Exception {
        openssl.run("pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.crt", "-certfile", "ca.crt",
                "-passout", "pass:", "-out", "ec-empty.p12");

        Credentials creds = Credentials.load(dir.resolve("ec-empty.p12"), dir.resolve("ec-empty.p12"), null);
        assertEquals(openssl.pinOfCertificate("ec.crt"), creds.leafPin().toString());
        assertEquals(2, creds.chain().size());
    }

    @Test
    void pkcs12WithoutEncryptionOrMacLoadsWithoutPassphrase() throws Exception {
        openssl.run("pkcs12", "-export", "-inkey", "ed.key", "-in", "ed.crt", "-keypbe", "NONE", "-certpbe", "NONE",
                "-nomac", "-passout", "pass:", "-out", "ed-plain.pfx");

        Credentials creds = Credentials.load(dir.resolve("ed-plain.pfx"), null, null);
        assertEquals(openssl.pinOfCertificate("ed.crt"), creds.leafPin().toString());
    }

    @Test
    void pkcs12KeyWithSeparatePemCertificateLoads() throws Exception {
        openssl.run("pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.crt", "-passout", pass(), "-out", "ec-key.p12");

        Credentials creds = Credentials.load(dir.resolve("ec-chain.pem"), dir.resolve("ec-key.p12"), PASS);
        assertEquals(2, creds.chain().size());
    }

    @Test
    void pkcs12WithWrongOrMissingPasswordIsExplained() {
        openssl.run("pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.crt", "-passout", pass(), "-out", "ec-pw.p12");
        Path p12 = dir.resolve("ec-pw.p12");

        KeyMaterialException wrong = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(p12, p12, "nope".toCharArray()));
        assertTrue(wrong.getMessage().startsWith("wrong passphrase for PKCS#12 file " + p12), wrong.getMessage());
        KeyMaterialException missing = assertThrows(KeyMaterialException.class, () -> Credentials.load(p12, p12, null));
        assertTrue(missing.getMessage().contains(p12 + " is passphrase-protected, but no passphrase was given"),
                missing.getMessage());
    }

    @Test
    void brainpoolKeyUnknownToTheJdkLoadsThroughBouncyCastle() throws Exception {
        openssl.selfSigned("bp", "/CN=brainpool", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1");

        assertEquals(openssl.pinOfCertificate("bp.crt"),
                Credentials.load(dir.resolve("bp.crt"), dir.resolve("bp.key"), null).leafPin().toString());
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> Credentials.load(dir.resolve("bp.crt"), dir.resolve("ec.key"), null));
        assertTrue(e.getMessage().contains("does not match certificate CN=brainpool"), e.getMessage());
    }

    @Test
    void ecKeyWithExplicitCurveParametersLoads() throws Exception {
        openssl.run("pkey", "-in", "ec.key", "-out", "ec-explicit.key", "-ec_param_enc", "explicit");
        assertTrue(openssl.run("asn1parse", "-in", "ec-explicit.key").contains("prime-field"));

        assertLoads("ec-chain.pem", "ec-explicit.key", null, "EC");
    }
}
