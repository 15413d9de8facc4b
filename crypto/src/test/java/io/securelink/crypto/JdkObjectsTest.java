package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdkObjectsTest {
    @Test
    void certificatesAreConstructedDirectlyWhenJavaBaseExportsItsParser() {
        // The build's tests run with the export the installed launcher gives check-config, audit, policy and firewall.
        assertTrue(JdkObjects.constructsCertificatesDirectly());
    }

    @Test
    void aDirectlyConstructedCertificateIsWhatTheFactoryReturnsForEveryKeyType() throws Exception {
        for (KeyType type : KeyType.values()) {
            CertificateAuthority ca = CertificateAuthority.create("Direct CA " + type, type, Duration.ofDays(30));
            Credentials leaf = ca.issue(LeafSpec.server("gw-" + type, List.of("gw.example.net"), List.of("192.0.2.1")).withKeyType(type));
            for (X509Certificate issued : List.of(leaf.leaf(), ca.certificate())) {
                byte[] der = issued.getEncoded();
                X509Certificate direct = JdkObjects.certificate(der);
                X509Certificate factory = JdkObjects.factoryCertificate(der);
                assertEquals(factory.getClass(), direct.getClass(), type.toString());
                assertEquals(factory, direct);
                assertEquals(factory.getPublicKey(), direct.getPublicKey());
                assertEquals(factory.getSubjectX500Principal(), direct.getSubjectX500Principal());
                assertEquals(factory.getNotAfter(), direct.getNotAfter());
                assertEquals(factory.getBasicConstraints(), direct.getBasicConstraints());
                assertArrayEquals(factory.getSignature(), direct.getSignature());
                direct.verify(ca.certificate().getPublicKey());
            }
        }
    }

    @Test
    void bytesThatAreNoCertificateAreRefusedAsTheFactoryRefusesThem() {
        for (byte[] junk : List.of(new byte[0], new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "not DER".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            assertThrows(CertificateException.class, () -> JdkObjects.factoryCertificate(junk));
            assertThrows(CertificateException.class, () -> JdkObjects.certificate(junk));
        }
    }
}
