package io.securelink.appliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securelink.appliance.tls.LinkTls;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Suite and version classification after the NCSC and Mozilla modern guidance. */
class ProtocolRulesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "TLS_AES_128_GCM_SHA256, none",
            "TLS_CHACHA20_POLY1305_SHA256, none",
            "TLS_AES_128_CCM_8_SHA256, tls.suite-short-tag",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, none",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, none",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.suite-not-aead",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, tls.suite-finite-field-dhe",
            "TLS_RSA_WITH_AES_128_GCM_SHA256, tls.suite-no-forward-secrecy",
            "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256, tls.suite-no-forward-secrecy",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA, tls.suite-broken",
            "TLS_ECDHE_RSA_WITH_RC4_128_SHA, tls.suite-broken",
            "TLS_DH_anon_WITH_AES_128_GCM_SHA256, tls.suite-broken",
            "TLS_RSA_WITH_NULL_SHA256, tls.suite-broken"
    })
    void eachSuiteIsClassified(String suite, String expected) {
        Finding f = ProtocolRules.suite("s", suite);
        assertEquals(expected, f == null ? "none" : f.id());
    }

    @Test
    void theSuitesTheApplianceOffersAreAllClean() {
        assertEquals(List.of(), ProtocolRules.suites("s", LinkTls.CIPHERS));
    }

    @Test
    void versionsAreJudged() {
        assertEquals(List.of("tls.protocol-obsolete", "tls.protocol-obsolete", "tls.tls12-enabled"),
                ProtocolRules.versions("s", List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")).stream().map(Finding::id).toList());
        assertEquals(List.of(), ProtocolRules.versions("s", List.of("TLSv1.3")));
        assertEquals(List.of("tls.no-tls13"), ProtocolRules.versions("s", List.of("TLSv1.2")).stream().map(Finding::id).toList());
    }
}
