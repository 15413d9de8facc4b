package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    @TempDir
    static Path dir;
    static Openssl openssl;

    @BeforeAll
    static void makeKeys() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Test Root CA", Openssl.EC_P384);
        openssl.leaf("gw1", "/CN=gw1", "ca", List.of(), Openssl.EC_P256);
    }

    @Test
    void readCertificatesReturnsEveryCertificateInFileOrder() throws Exception {
        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve("gw1-chain.pem"));

        assertEquals(List.of("CN=gw1", "CN=Test Root CA"),
                chain.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    @Test
    void readCertificatesSkipsOtherBlocksAndText() throws Exception {
        openssl.bash("openssl x509 -in gw1.crt -text > mixed.pem && cat gw1.key ca.crt >> mixed.pem");

        assertEquals(2, PemFiles.readCertificates(dir.resolve("mixed.pem")).size());
    }

    @Test
    void readCertificatesReadsOpensslTrustedCertificateBlocks() throws Exception {
        openssl.run("x509", "-in", "ca.crt", "-trustout", "-addtrust", "serverAuth", "-out", "trusted.pem");

        assertEquals(PemFiles.readCertificates(dir.resolve("ca.crt")), PemFiles.readCertificates(dir.resolve("trusted.pem")));
    }

    @Test
    void fileWithoutCertificateIsReported() throws Exception {
        Path key = dir.resolve("gw1.key");
        Path der = dir.resolve("gw1.der");
        openssl.run("x509", "-in", "gw1.crt", "-outform", "DER", "-out", "gw1.der");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemFiles.readCertificates(key));
        assertEquals("no certificate in " + key + " (found: private key)", e.getMessage());
        KeyMaterialException binary = assertThrows(KeyMaterialException.class, () -> PemFiles.readCertificates(der));
        assertEquals("no certificate in " + der + " (no PEM block found)", binary.getMessage());
    }

    @Test
    void corruptPemIsReportedWithTheFile() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemFiles.readCertificates(bad));
        assertTrue(e.getMessage().startsWith("cannot parse PEM in " + bad), e.getMessage());
    }

    @Test
    void plainCertificateFilesAreReadAsTheFullParserReadsThem() throws Exception {
        openssl.run("x509", "-in", "gw1.crt", "-text", "-out", "gw1-text.crt");
        for (String f : List.of("gw1.crt", "gw1-chain.pem", "gw1-text.crt", "ca.crt")) {
            Path file = dir.resolve(f);
            assertEquals(PemFiles.parsedCertificates(file), PemFiles.plainCertificates(Files.readAllBytes(file)).orElseThrow(), f);
        }
        // Trusted-certificate blocks, keys beside certificates and text the JDK cannot parse go to the full parser.
        openssl.run("x509", "-in", "ca.crt", "-trustout", "-addtrust", "serverAuth", "-out", "trusted-ca.pem");
        Files.writeString(dir.resolve("not-a-cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        for (String f : List.of("trusted-ca.pem", "gw1.key", "not-a-cert.pem")) {
            assertTrue(PemFiles.plainCertificates(Files.readAllBytes(dir.resolve(f))).isEmpty(), f);
        }
    }

    @Test
    void plainKeyFilesAreReadAsTheFullParserReadsThem() throws Exception {
        // PKCS#8 (openssl genpkey), SEC1 (openssl ec), RSA PKCS#8, and a key with its certificate in one file.
        openssl.run("ec", "-in", "gw1.key", "-out", "gw1-sec1.key");
        assertTrue(Files.readString(dir.resolve("gw1-sec1.key")).contains("BEGIN EC PRIVATE KEY"));
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
        openssl.bash("cat gw1.crt gw1.key > gw1-combined.pem");
        for (String f : List.of("gw1.key", "gw1-sec1.key", "rsa.key", "gw1-combined.pem", "ca.key")) {
            Path file = dir.resolve(f);
            assertEquals(PemFiles.parsedPrivateKeyInfo(file, null),
                    PemFiles.plainPrivateKey(Files.readAllBytes(file)).orElseThrow(), f);
        }
        // The key with its curve's parameters block (openssl ecparam -genkey), an encrypted key and a legacy
        // encrypted key (Proc-Type header) are left to the full parser, which still reads or reports them.
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "ecparam.key");
        openssl.run("pkcs8", "-topk8", "-in", "gw1.key", "-passout", "pass:secret", "-out", "gw1-enc.key");
        openssl.run("ec", "-in", "gw1.key", "-aes128", "-passout", "pass:secret", "-out", "gw1-legacy.key");
        for (String f : List.of("ecparam.key", "gw1-enc.key", "gw1-legacy.key")) {
            assertTrue(PemFiles.plainPrivateKey(Files.readAllBytes(dir.resolve(f))).isEmpty(), f);
        }
        assertEquals("EC", PemFiles.readPrivateKey(dir.resolve("ecparam.key"), null).getAlgorithm());
        assertEquals(((java.security.interfaces.ECPrivateKey) PemFiles.readPrivateKey(dir.resolve("gw1.key"), null)).getS(),
                ((java.security.interfaces.ECPrivateKey) PemFiles.readPrivateKey(dir.resolve("gw1-legacy.key"), "secret".toCharArray())).getS());
        KeyMaterialException locked = assertThrows(KeyMaterialException.class,
                () -> PemFiles.readPrivateKey(dir.resolve("gw1-enc.key"), null));
        assertTrue(locked.getMessage().contains("needs a passphrase"), locked.getMessage());
    }

    @Test
    void readPublicKeyReadsOpensslPublicKeyPem() throws Exception {
        openssl.run("pkey", "-in", "gw1.key", "-pubout", "-out", "gw1.pub");

        assertEquals(PemFiles.readCertificates(dir.resolve("gw1.crt")).get(0).getPublicKey(),
                PemFiles.readPublicKey(dir.resolve("gw1.pub")));
    }

    @Test
    void readCsrReadsOpensslRequest() throws Exception {
        openssl.run("req", "-new", "-key", "gw1.key", "-subj", "/CN=gw1 request", "-out", "gw1.csr");

        PKCS10CertificationRequest csr = PemFiles.readCsr(dir.resolve("gw1.csr"));
        assertEquals("CN=gw1 request", csr.getSubject().toString());
    }

    @Test
    void readCsrRejectsTamperedSignature() throws Exception {
        openssl.run("req", "-new", "-key", "gw1.key", "-subj", "/CN=gw1 request", "-outform", "DER", "-out", "t.der");
        byte[] der = Files.readAllBytes(dir.resolve("t.der"));
        der[der.length - 5] ^= 0x01;
        Files.write(dir.resolve("t.der"), der);
        openssl.run("req", "-in", "t.der", "-inform", "DER", "-out", "tampered.csr");
        Path tampered = dir.resolve("tampered.csr");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemFiles.readCsr(tampered));
        assertTrue(e.getMessage().contains(tampered.toString()), e.getMessage());
    }

    @Test
    void writePemSecretCreatesMode0600AndOpensslReadsTheKey() throws Exception {
        KeyPair keys = KeyType.ED25519.generate();
        Path key = dir.resolve("written.key");

        PemFiles.writePem(key, keys.getPrivate(), true);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        openssl.run("pkey", "-in", "written.key", "-pubout", "-out", "written.pub");
        assertEquals(keys.getPublic(), PemFiles.readPublicKey(dir.resolve("written.pub")));
    }

    @Test
    void writePemSecretReplacesAWorldReadableFileWithA0600One() throws Exception {
        Path key = dir.resolve("replaced.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        PemFiles.writePem(key, KeyType.EC_P256.generate().getPrivate(), true);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        PemFiles.readPrivateKey(key, null);
    }

    @Test
    void writePemPublicCreatesMode0644AndRoundTrips() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Write CA", KeyType.EC_P256, Duration.ofDays(1));
        Path cert = dir.resolve("written.crt");

        PemFiles.writePem(cert, ca.certificate(), false);

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
        assertEquals(List.of(ca.certificate()), PemFiles.readCertificates(cert));
    }

    @Test
    void writePemWritesACollectionAsOneBundle() throws Exception {
        Credentials leaf = CertificateAuthority.create("Bundle CA", KeyType.EC_P256, Duration.ofDays(1))
                .issue(LeafSpec.server("bundle", List.of("bundle.example"), List.of()));
        Path chain = dir.resolve("bundle.pem");

        PemFiles.writePem(chain, leaf.chain(), false);

        assertEquals(leaf.chain(), PemFiles.readCertificates(chain));
    }

    @Test
    void writePemRefusesPrivateKeyWithoutSecret() {
        Path file = dir.resolve("leak.key");

        assertThrows(IllegalArgumentException.class,
                () -> PemFiles.writePem(file, KeyType.EC_P256.generate().getPrivate(), false));
        assertTrue(Files.notExists(file));
    }

    @Test
    void twoKeysInOneFileAreRejected() {
        openssl.bash("cat gw1.key ca.key > two.key");
        Path two = dir.resolve("two.key");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PemFiles.readPrivateKey(two, null));
        assertEquals(two + " holds 2 private keys; expected exactly one", e.getMessage());
    }
}
