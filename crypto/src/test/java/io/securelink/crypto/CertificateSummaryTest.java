package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSummaryTest {
    @TempDir
    static Path dir;
    static Openssl openssl;
    static X509Certificate leaf;

    @BeforeAll
    static void makeCertificate() throws Exception {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Carrier CA", Openssl.EC_P256);
        openssl.leaf("gw1", "/O=Carrier/CN=gw1", "ca", List.of(), Openssl.ED25519);
        leaf = PemFiles.readCertificates(dir.resolve("gw1.crt")).get(0);
    }

    @Test
    void fieldsAgreeWithOpenssl() throws Exception {
        CertificateSummary s = CertificateSummary.of(leaf);

        assertEquals("CN=gw1,O=Carrier", s.subject());
        assertEquals("CN=Carrier CA", s.issuer());
        String serial = openssl.run("x509", "-in", "gw1.crt", "-noout", "-serial").strip().substring("serial=".length());
        assertEquals(new BigInteger(serial, 16), new BigInteger(s.serialHex(), 16));
        assertEquals(openssl.pinOfCertificate("gw1.crt"), s.pin().toString());
        assertEquals(leaf.getNotAfter().toInstant(), s.notAfter());
        assertEquals(leaf.getNotBefore().toInstant(), s.notBefore());
    }

    @Test
    void toStringHasSubjectIssuerPinAndExpiry() {
        CertificateSummary s = new CertificateSummary("CN=gw1", "CN=Carrier CA", "0A", Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), SpkiPin.of(leaf));

        assertEquals("subject=CN=gw1 issuer=CN=Carrier CA pin=" + SpkiPin.of(leaf) + " notAfter=2027-01-01T00:00:00Z",
                s.toString());
    }

    @Test
    void daysLeftRoundsDownAndGoesNegativeAfterExpiry() {
        Instant notAfter = Instant.parse("2027-01-10T00:00:00Z");
        CertificateSummary s = new CertificateSummary("CN=a", "CN=b", "1", notAfter.minus(Duration.ofDays(90)), notAfter,
                SpkiPin.of(leaf));

        assertEquals(9, s.daysLeft(Instant.parse("2027-01-01T00:00:00Z")));
        assertEquals(8, s.daysLeft(Instant.parse("2027-01-01T00:00:01Z")));
        assertEquals(0, s.daysLeft(notAfter.minusSeconds(1)));
        assertEquals(0, s.daysLeft(notAfter));
        assertEquals(-1, s.daysLeft(notAfter.plusSeconds(1)));
        assertEquals(-2, s.daysLeft(notAfter.plus(Duration.ofDays(1)).plusSeconds(1)));
    }
}
