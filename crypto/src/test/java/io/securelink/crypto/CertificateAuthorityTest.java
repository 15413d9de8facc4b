package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateAuthorityTest {
    @TempDir
    static Path dir;
    static Openssl openssl;
    static CertificateAuthority ecCa;
    static CertificateAuthority rsaCa;

    @BeforeAll
    static void createAuthorities() {
        openssl = new Openssl(dir);
        ecCa = CertificateAuthority.create("Lab EC CA", KeyType.EC_P384, Duration.ofDays(365));
        rsaCa = CertificateAuthority.create("Lab RSA CA", KeyType.RSA_2048, Duration.ofDays(365));
    }

    private static void write(String name, Credentials creds) throws Exception {
        PemFiles.writePem(dir.resolve(name + ".crt"), creds.leaf(), false);
        PemFiles.writePem(dir.resolve(name + ".key"), creds.key(), true);
    }

    private static String opensslVerify(String ca, String leaf, String purpose) {
        return openssl.run("verify", "-CAfile", ca, "-purpose", purpose, leaf).strip();
    }

    @ParameterizedTest(name = "{0} CA issues {1} leaf")
    @CsvSource({"EC_P256, ED25519", "EC_P384, RSA_3072", "RSA_2048, EC_P256", "ED25519, EC_P384", "RSA_3072, RSA_2048"})
    void issuedLeafVerifiesWithOpensslAndChainVerifier(KeyType caType, KeyType leafType) throws Exception {
        CertificateAuthority ca = caType == KeyType.RSA_2048 ? rsaCa
                : CertificateAuthority.create("CA " + caType, caType, Duration.ofDays(30));
        Credentials creds = ca.issue(LeafSpec.server("gw-" + leafType, List.of("gw.lab.example"), List.of("127.0.0.1"))
                .withKeyType(leafType));
        String name = caType + "-" + leafType;
        PemFiles.writePem(dir.resolve(name + "-ca.pem"), ca.certificate(), false);
        write(name, creds);

        assertEquals(name + ".crt: OK", opensslVerify(name + "-ca.pem", name + ".crt", "sslserver"));
        assertEquals(name + ".crt: OK", opensslVerify(name + "-ca.pem", name + ".crt", "sslclient"));
        assertEquals(List.of(creds.leaf(), ca.certificate()),
                ChainVerifier.verify(creds.chain(), List.of(ca.certificate()), Instant.now()));
        assertEquals(creds.leafPin().toString(), openssl.pinOfCertificate(name + ".crt"));
        Credentials reloaded = Credentials.load(dir.resolve(name + ".crt"), dir.resolve(name + ".key"), null);
        assertEquals(creds.key(), reloaded.key());
    }

    @Test
    void signatureAlgorithmFollowsTheCaKeyType() throws Exception {
        CertificateAuthority p256 = CertificateAuthority.create("P256 CA", KeyType.EC_P256, Duration.ofDays(1));
        CertificateAuthority ed = CertificateAuthority.create("Ed CA", KeyType.ED25519, Duration.ofDays(1));
        LeafSpec spec = LeafSpec.client("c1", List.of("spiffe://lab/c1"));

        assertEquals("ecdsa-with-SHA256", signatureAlgorithm("p256", p256.issue(spec)));
        assertEquals("ecdsa-with-SHA384", signatureAlgorithm("p384", ecCa.issue(spec)));
        assertEquals("sha256WithRSAEncryption", signatureAlgorithm("rsa", rsaCa.issue(spec)));
        assertEquals("ED25519", signatureAlgorithm("ed", ed.issue(spec)));
    }

    private static String signatureAlgorithm(String name, Credentials creds) throws Exception {
        write("sig-" + name, creds);
        return openssl.bash("openssl x509 -in sig-" + name + ".crt -noout -text | grep -m1 'Signature Algorithm'")
                .replace("Signature Algorithm:", "").strip();
    }

    @Test
    void caCertificateIsACriticalCaWithCertAndCrlSigning() throws Exception {
        PemFiles.writePem(dir.resolve("ec-ca.crt"), ecCa.certificate(), false);

        String ext = openssl.run("x509", "-in", "ec-ca.crt", "-noout", "-ext",
                "basicConstraints,keyUsage,subjectKeyIdentifier,authorityKeyIdentifier");
        assertTrue(ext.contains("X509v3 Basic Constraints: critical\n    CA:TRUE"), ext);
        assertTrue(ext.contains("X509v3 Key Usage: critical\n    Certificate Sign, CRL Sign"), ext);
        assertTrue(ext.contains("X509v3 Subject Key Identifier"), ext);
        assertEquals("CN=Lab EC CA", ecCa.certificate().getSubjectX500Principal().getName());
        assertEquals(List.of(ecCa.certificate()), ecCa.credentials().chain());
    }

    @Test
    void leafCarriesUsagesSansAndKeyIdentifiers() throws Exception {
        Credentials creds = rsaCa.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1", "::1"))
                .withKeyType(KeyType.RSA_2048));
        write("ext-leaf", creds);
        PemFiles.writePem(dir.resolve("rsa-ca.crt"), rsaCa.certificate(), false);

        String ext = openssl.run("x509", "-in", "ext-leaf.crt", "-noout", "-ext",
                "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,authorityKeyIdentifier");
        assertTrue(ext.contains("CA:FALSE"), ext);
        assertTrue(ext.contains("Digital Signature, Key Encipherment"), ext);
        assertTrue(ext.contains("TLS Web Server Authentication, TLS Web Client Authentication"), ext);
        assertTrue(ext.contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"), ext);
        String caSki = openssl.run("x509", "-in", "rsa-ca.crt", "-noout", "-ext", "subjectKeyIdentifier")
                .lines().skip(1).findFirst().orElseThrow().strip();
        assertTrue(ext.contains(caSki), ext + " should name CA key id " + caSki);
        assertEquals("CN=localhost", creds.leaf().getIssuerX500Principal().equals(rsaCa.certificate().getSubjectX500Principal())
                ? creds.leaf().getSubjectX500Principal().getName() : "issuer mismatch");
    }

    @Test
    void clientOnlyLeafIsRefusedForServerUseByOpenssl() throws Exception {
        Credentials creds = ecCa.issue(LeafSpec.client("c2", List.of("spiffe://lab/c2")).withUsages(false, true));
        write("client-only", creds);
        PemFiles.writePem(dir.resolve("ec-ca2.crt"), ecCa.certificate(), false);

        assertEquals("client-only.crt: OK", opensslVerify("ec-ca2.crt", "client-only.crt", "sslclient"));
        String ext = openssl.run("x509", "-in", "client-only.crt", "-noout", "-ext", "extendedKeyUsage,keyUsage");
        assertTrue(ext.contains("TLS Web Client Authentication") && !ext.contains("Server"), ext);
        assertTrue(ext.contains("Digital Signature") && !ext.contains("Key Encipherment"), ext);
    }

    @Test
    void serialsArePositiveRandom128BitNumbers() {
        LeafSpec spec = LeafSpec.server("s", List.of("s.example"), List.of());
        BigInteger a = ecCa.issue(spec).leaf().getSerialNumber();
        BigInteger b = ecCa.issue(spec).leaf().getSerialNumber();

        assertNotEquals(a, b);
        for (BigInteger serial : List.of(a, b, ecCa.certificate().getSerialNumber())) {
            assertTrue(serial.signum() > 0 && serial.bitLength() <= 128 && serial.bitLength() > 64, serial.toString(16));
        }
    }

    @Test
    void leafSpecDefaultsAreTwoYearsOfEcP256ForBothUsages() {
        Instant before = Instant.now();
        LeafSpec spec = LeafSpec.server("gw", List.of("gw.example"), List.of("10.0.0.1"));

        assertEquals(KeyType.EC_P256, spec.keyType());
        assertTrue(spec.serverAuth() && spec.clientAuth());
        assertTrue(Duration.between(spec.notBefore(), before).compareTo(Duration.ofMinutes(59)) > 0);
        assertEquals(spec.notBefore().atOffset(ZoneOffset.UTC).plusYears(2).toInstant(), spec.notAfter());
        LeafSpec client = LeafSpec.client("c", List.of("spiffe://lab/c"));
        assertEquals(List.of("spiffe://lab/c"), client.uris());
        assertTrue(client.serverAuth() && client.clientAuth());
        assertThrows(IllegalArgumentException.class, () -> LeafSpec.server("gw", List.of(), List.of("not-an-ip")));
        assertThrows(IllegalArgumentException.class, () -> spec.withValidity(spec.notAfter(), spec.notBefore()));
    }

    @Test
    void keyTypesGenerateTheNamedKeys() {
        assertEquals(256, ((ECKey) KeyType.EC_P256.generate().getPublic()).getParams().getCurve().getField().getFieldSize());
        assertEquals(384, ((ECKey) KeyType.EC_P384.generate().getPublic()).getParams().getCurve().getField().getFieldSize());
        assertEquals(2048, ((RSAKey) rsaCa.credentials().key()).getModulus().bitLength());
        assertEquals("EdDSA", KeyType.ED25519.generate().getPublic().getAlgorithm());
    }

    @Test
    void caKeyWrittenAsSecretIsMode0600AndReloadsAsAWorkingCa() throws Exception {
        PemFiles.writePem(dir.resolve("lab-ca.key"), ecCa.credentials().key(), true);
        PemFiles.writePem(dir.resolve("lab-ca.crt"), ecCa.certificate(), false);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("lab-ca.key"))));
        openssl.run("pkey", "-in", "lab-ca.key", "-noout");
        CertificateAuthority loaded = CertificateAuthority.load(
                Credentials.load(dir.resolve("lab-ca.crt"), dir.resolve("lab-ca.key"), null));
        write("from-loaded", loaded.issue(LeafSpec.server("x", List.of("x.example"), List.of())));
        assertEquals("from-loaded.crt: OK", opensslVerify("lab-ca.crt", "from-loaded.crt", "sslserver"));
    }

    @Test
    void loadRefusesANonCaCertificate() {
        Credentials leaf = ecCa.issue(LeafSpec.server("not-a-ca", List.of("n.example"), List.of()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.load(leaf));
        assertTrue(e.getMessage().contains("CN=not-a-ca is not a CA certificate"), e.getMessage());
    }

    @Test
    void toStringOfCaAndCredentialsHidesTheKey() {
        assertTrue(ecCa.toString().startsWith("CertificateAuthority[CN=Lab EC CA, pin=sha256/"), ecCa.toString());
        assertTrue(ecCa.credentials().toString().contains("key=EC]"), ecCa.credentials().toString());
    }
}
