package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CertificateParserWarmUpTest {
    @Test
    void theWarmUpParsesAnEcCertificateWithTheJdkFactorySoTheEcProviderAndSecurityLoggerAreSetUp() throws Exception {
        // An EC key is what makes the JDK load its EC provider during a parse; an RSA or unparsable certificate would
        // warm up less than the configured certificates need.
        X509Certificate c = CertificateParserWarmUp.certificate();
        assertTrue(c.getPublicKey() instanceof ECPublicKey, c.getPublicKey().getAlgorithm());
        assertEquals(256, ((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals("CN=securelink start-up warm-up (never trusted)", c.getSubjectX500Principal().getName());
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
    }

    @Test
    void theWarmUpRunsOnADaemonThreadThatEnds() throws Exception {
        Thread t = CertificateParserWarmUp.start();
        assertTrue(t.isDaemon(), "a warm-up must never keep a command's JVM alive");
        t.join(Duration.ofSeconds(30).toMillis());
        assertFalse(t.isAlive());
    }
}
