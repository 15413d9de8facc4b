package io.securelink.appliance.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.OpensslCa;
import io.securelink.appliance.support.Processes;
import io.securelink.crypto.CryptoException;
import io.securelink.crypto.OcspAnswer;
import io.securelink.crypto.OcspQuery;
import io.securelink.crypto.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks on an OCSP answer, on answers {@code openssl ocsp} made offline ({@code -reqin}/{@code -respout})
 * from its CA's {@code index.txt}: an answer to someone else's request (another nonce) or without a nonce
 * is a replay and refused; a stapled answer (no nonce by nature) is accepted for what it says.
 */
class OcspAnswerChecksTest {
    @TempDir
    Path dir;
    CarrierPki pki;
    OpensslCa.Issued signer;
    X509Certificate leaf;
    X509Certificate issuer;

    @BeforeEach
    void setUp() throws Exception {
        pki = new CarrierPki(dir);
        signer = pki.sub.ocspSigner("ocsp-signer");
        leaf = PemFiles.readCertificates(pki.siteA.cert()).get(0);
        issuer = PemFiles.readCertificates(pki.sub.certificate()).get(0);
    }

    /** An answer to a request openssl made itself ({@code withNonce}: its own random nonce). */
    private byte[] answerToOpensslsOwnRequest(boolean withNonce) throws Exception {
        Path req = dir.resolve("req.der");
        Path resp = dir.resolve("resp.der");
        Processes.ok(dir, "openssl", "ocsp", "-issuer", pki.sub.certificate().toString(), "-cert", pki.siteA.cert().toString(),
                withNonce ? "-nonce" : "-no_nonce", "-reqout", req.toString());
        Processes.ok(dir, "openssl", "ocsp", "-index", pki.sub.index().toString(), "-rsigner", signer.cert().toString(),
                "-rkey", signer.key().toString(), "-CA", pki.sub.certificate().toString(), "-reqin", req.toString(),
                "-respout", resp.toString());
        return Files.readAllBytes(resp);
    }

    @Test
    void anAnswerCarryingAnotherRequestsNonceIsAReplay() throws Exception {
        byte[] other = answerToOpensslsOwnRequest(true);
        CryptoException e = assertThrows(CryptoException.class, () -> OcspQuery.of(leaf, issuer).verify(other, Instant.now()));
        assertTrue(e.getMessage().contains("nonce is not the request's"), e.getMessage());
    }

    @Test
    void anAnswerWithoutANonceIsRefusedAsAnAnswerButAcceptedAsAStaple() throws Exception {
        byte[] plain = answerToOpensslsOwnRequest(false);
        CryptoException e = assertThrows(CryptoException.class, () -> OcspQuery.of(leaf, issuer).verify(plain, Instant.now()));
        assertTrue(e.getMessage().contains("does not echo the request's nonce"), e.getMessage());
        assertEquals(OcspAnswer.Status.GOOD, OcspQuery.verifyStapled(plain, leaf, issuer, Instant.now()).status());
        assertEquals("CN=ocsp-signer", OcspQuery.verifyStapled(plain, leaf, issuer, Instant.now()).signer());
    }

    @Test
    void anAnswerAboutAnotherCertificateSaysNothingAboutThisOne() throws Exception {
        byte[] aboutA = answerToOpensslsOwnRequest(false);
        X509Certificate b = PemFiles.readCertificates(pki.siteB.cert()).get(0);
        CryptoException e = assertThrows(CryptoException.class, () -> OcspQuery.verifyStapled(aboutA, b, issuer, Instant.now()));
        assertTrue(e.getMessage().contains("says nothing about this certificate"), e.getMessage());
    }
}
