package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainVerifierTest {
    @TempDir
    static Path dir;
    static Openssl openssl;
    static X509Certificate root;
    static X509Certificate intermediate;
    static X509Certificate leaf;

    @BeforeAll
    static void makePki() throws Exception {
        openssl = new Openssl(dir);
        openssl.ca("root", "/CN=Test Root CA", Openssl.EC_P384);
        openssl.intermediate("int", "/CN=Test Issuing CA", "root", Openssl.EC_P256);
        openssl.leaf("leaf", "/CN=gw1", "int", List.of("subjectAltName=DNS:gw1.carrier.example"), Openssl.EC_P256);
        openssl.ca("other", "/CN=Other Root CA", Openssl.EC_P256);
        openssl.ca("impostor", "/CN=Test Root CA", Openssl.EC_P256);
        root = cert("root");
        intermediate = cert("int");
        leaf = cert("leaf");
    }

    private static X509Certificate cert(String name) throws Exception {
        return PemFiles.readCertificates(dir.resolve(name + ".crt")).get(0);
    }

    @Test
    void validChainVerifiesAndEndsWithTheAnchor() throws Exception {
        openssl.run("verify", "-CAfile", "root.crt", "-untrusted", "int.crt", "leaf.crt");

        assertEquals(List.of(leaf, intermediate, root), ChainVerifier.verify(List.of(leaf, intermediate), List.of(root),
                Instant.now()));
    }

    @Test
    void chainThatIncludesTheRootVerifies() throws Exception {
        assertEquals(List.of(leaf, intermediate, root), ChainVerifier.verify(List.of(leaf, intermediate, root),
                List.of(cert("other"), root), Instant.now()));
    }

    @Test
    void expiredLeafIsExpired() {
        Instant later = leaf.getNotAfter().toInstant().plus(Duration.ofDays(1));

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), later));
        assertEquals(ChainException.Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().startsWith("certificate CN=gw1 expired at " + leaf.getNotAfter().toInstant()),
                e.getMessage());
    }

    @Test
    void leafIssuedAlreadyExpiredIsExpiredNow() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Lab CA", KeyType.EC_P256, Duration.ofDays(30));
        Instant now = Instant.now();
        Credentials old = ca.issue(LeafSpec.server("old", List.of("old.example"), List.of())
                .withValidity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(old.chain(), List.of(ca.certificate()), now));
        assertEquals(ChainException.Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().contains("CN=old"), e.getMessage());
    }

    @Test
    void chainBeforeItsValidityIsNotYetValid() {
        Instant earlier = leaf.getNotBefore().toInstant().minus(Duration.ofDays(1));

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(root), earlier));
        assertEquals(ChainException.Reason.NOT_YET_VALID, e.reason());
    }

    @Test
    void expiredAnchorIsExpired() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Short CA", KeyType.ED25519, Duration.ofDays(1));
        Credentials creds = ca.issue(LeafSpec.client("c1", List.of("spiffe://lab/c1")));

        ChainException e = assertThrows(ChainException.class, () -> ChainVerifier.verify(creds.chain(),
                List.of(ca.certificate()), Instant.now().plus(Duration.ofDays(3))));
        assertEquals(ChainException.Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().startsWith("trust anchor CN=Short CA expired"), e.getMessage());
    }

    @Test
    void chainFromAnotherCaIsUnknownIssuer() throws Exception {
        X509Certificate other = cert("other");

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(other), Instant.now()));
        assertEquals(ChainException.Reason.UNKNOWN_ISSUER, e.reason());
        assertEquals("certificate CN=Test Issuing CA was issued by CN=Test Root CA, which is not a trust anchor "
                + "(trusted: CN=Other Root CA)", e.getMessage());
    }

    @Test
    void anchorWithTheRightNameButAnotherKeyIsUnknownIssuer() throws Exception {
        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(leaf, intermediate), List.of(cert("impostor")), Instant.now()));
        assertEquals(ChainException.Reason.UNKNOWN_ISSUER, e.reason());
        assertTrue(e.getMessage().contains("no trust anchor of that name signed it"), e.getMessage());
    }

    @Test
    void leafSignedByAnotherKeyWithTheIssuersNameIsBadSignature() throws Exception {
        openssl.intermediate("int2", "/CN=Test Issuing CA", "root", Openssl.EC_P256);
        openssl.leaf("forged", "/CN=forged", "int2", List.of(), Openssl.EC_P256);

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(cert("forged"), intermediate), List.of(root), Instant.now()));
        assertEquals(ChainException.Reason.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("certificate CN=forged"), e.getMessage());
    }

    @Test
    void certificateIssuedByALeafIsRejected() throws Exception {
        openssl.leaf("sub", "/CN=sub", "leaf", List.of(), Openssl.EC_P256);

        ChainException e = assertThrows(ChainException.class,
                () -> ChainVerifier.verify(List.of(cert("sub"), leaf, intermediate), List.of(root), Instant.now()));
        assertEquals(ChainException.Reason.OTHER, e.reason());
        assertTrue(e.getMessage().startsWith("certificate CN=gw1 rejected"), e.getMessage());
    }

    @Test
    void leafThatIsItselfAnAnchorVerifies() throws Exception {
        assertEquals(List.of(leaf), ChainVerifier.verify(List.of(leaf), List.of(leaf), Instant.now()));
    }
}
