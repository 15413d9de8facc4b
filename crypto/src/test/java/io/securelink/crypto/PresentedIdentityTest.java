package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresentedIdentityTest {
    @TempDir
    static Path dir;
    static Openssl openssl;

    @BeforeAll
    static void makeCertificates() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Carrier CA", Openssl.EC_P256);
        openssl.leaf("gw1", "/O=Carrier/CN=gw1", "ca", List.of(
                "subjectAltName=DNS:gw1.carrier.example,DNS:*.voice.carrier.example,URI:spiffe://carrier/voice,"
                        + "IP:10.0.0.5,IP:2001:db8::5,email:ops@carrier.example"), Openssl.EC_P256);
        openssl.leaf("bare", "/CN=gw1.carrier.example/CN=second", "ca", List.of(), Openssl.EC_P256);
    }

    private static X509Certificate cert(String name) throws Exception {
        return PemFiles.readCertificates(dir.resolve(name + ".crt")).get(0);
    }

    @Test
    void sansAndCommonNameAreReadFromOpensslCertificate() throws Exception {
        PresentedIdentity id = PresentedIdentity.of(cert("gw1"));

        assertEquals(List.of("gw1.carrier.example", "*.voice.carrier.example"), id.dnsNames());
        assertEquals(List.of("spiffe://carrier/voice"), id.uris());
        assertEquals(List.of(InetAddress.getByName("10.0.0.5"), InetAddress.getByName("2001:db8::5")), id.ips());
        assertEquals(List.of("gw1"), id.commonNames());
    }

    @Test
    void toStringIsCompactForRefusalMessages() throws Exception {
        assertEquals("CN=gw1, SAN[dns:gw1.carrier.example, dns:*.voice.carrier.example, uri:spiffe://carrier/voice, "
                + "ip:10.0.0.5, ip:2001:db8::5]", PresentedIdentity.of(cert("gw1")).toString());
        assertEquals("CN=gw1.carrier.example, CN=second, no SAN", PresentedIdentity.of(cert("bare")).toString());
    }

    @Test
    void patternsMatchTheOpensslCertificate() throws Exception {
        PresentedIdentity id = PresentedIdentity.of(cert("gw1"));

        for (String entry : List.of("dns:gw1.carrier.example", "dns:*.carrier.example", "uri:spiffe://carrier/voice",
                "ip:10.0.0.5", "ip:2001:db8:0:0:0:0:0:5", "cn:GW1")) {
            assertTrue(IdentityPattern.parse(entry).matches(id), entry);
        }
    }

    @Test
    void certificateWithoutSanMatchesNoDnsPatternEvenIfCnIsAHostname() throws Exception {
        PresentedIdentity id = PresentedIdentity.of(cert("bare"));

        assertEquals(List.of("gw1.carrier.example", "second"), id.commonNames());
        assertEquals(false, IdentityPattern.parse("dns:gw1.carrier.example").matches(id));
        assertTrue(IdentityPattern.parse("cn:second").matches(id));
    }
}
