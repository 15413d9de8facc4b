package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatePinsTest {
    @TempDir
    static Path dir;
    static Openssl openssl;

    @BeforeAll
    static void makeKeys() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Pin Root CA/O=Example", Openssl.EC_P384);
        openssl.leaf("gw1", "/CN=gw1/O=Example", "ca", List.of(), Openssl.EC_P256);
        openssl.leaf("gw2", "/CN=gw2", "ca", List.of(), Openssl.RSA_2048);
    }

    private static List<CertificatePins.Entry> fromTheJdk(Path file) throws Exception {
        return PemFiles.parsedCertificates(file).stream()
                .map(c -> new CertificatePins.Entry(SpkiPin.of(c), c.getBasicConstraints() >= 0, c.getSubjectX500Principal().getName()))
                .toList();
    }

    @Test
    void everyCertificateGivesThePinCaFlagAndSubjectTheJdkCertificateGives() throws Exception {
        openssl.run("x509", "-in", "gw1.crt", "-text", "-out", "gw1-text.crt");
        for (String f : List.of("gw1.crt", "gw1-chain.pem", "gw2.crt", "ca.crt", "gw1-text.crt")) {
            Path file = dir.resolve(f);
            List<CertificatePins.Entry> plain = CertificatePins.plain(Files.readAllBytes(file)).orElseThrow();
            assertEquals(fromTheJdk(file), plain, f);
            assertEquals(plain, CertificatePins.read(file), f);
        }
        List<CertificatePins.Entry> chain = CertificatePins.read(dir.resolve("gw1-chain.pem"));
        assertEquals(List.of(false, true), chain.stream().map(CertificatePins.Entry::authority).toList());
        assertEquals("O=Example,CN=gw1", chain.get(0).subject());   // RFC 2253: the last RDN first
        X509Certificate leaf = PemFiles.readCertificates(dir.resolve("gw1.crt")).get(0);
        assertEquals(SpkiPin.of(leaf.getPublicKey()), chain.get(0).pin());
    }

    @Test
    void otherFilesAreReadOrReportedAsReadCertificatesDoes() throws Exception {
        openssl.run("x509", "-in", "ca.crt", "-trustout", "-addtrust", "serverAuth", "-out", "trusted.pem");
        assertTrue(CertificatePins.plain(Files.readAllBytes(dir.resolve("trusted.pem"))).isEmpty());
        assertEquals(fromTheJdk(dir.resolve("ca.crt")), CertificatePins.read(dir.resolve("trusted.pem")));

        Path key = dir.resolve("gw1.key");
        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> CertificatePins.read(key));
        assertEquals("no certificate in " + key + " (found: private key)", e.getMessage());
    }
}
