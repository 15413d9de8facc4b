package io.securelink.appliance.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Handshake failures are told as what happened and what to do, never as bare exception names or raw library codes. */
class HandshakeFailuresTest {
    @Test
    void aClosedChannelSaysThePeerClosedNotClosedChannelExceptionNull() {
        String m = HandshakeFailures.message(new ClosedChannelException());
        assertTrue(m.startsWith("the peer closed the connection during the handshake"), m);
        assertFalse(m.contains("ClosedChannelException") || m.contains("null"), m);
    }

    @Test
    void aBoringSslCodeBecomesWordsAndAnAction() {
        SSLHandshakeException e = new SSLHandshakeException("error:100000c0:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE");
        assertEquals("no-client-certificate", HandshakeFailures.reason(e));
        String m = HandshakeFailures.message(e);
        assertTrue(m.contains("sent no client certificate but this link requires one"), m);
        assertTrue(m.endsWith("[peer did not return a certificate]"), m);
        assertFalse(m.contains("error:100000c0"), m);
    }

    @Test
    void anUntrustedChainNamesTheTrustBundle() {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed");
        e.initCause(new Exception("unable to find valid certification path to requested target"));
        String m = HandshakeFailures.message(e);
        assertTrue(m.startsWith("the peer's certificate chain does not lead to a CA in this link's tls.trust"), m);
    }
}
