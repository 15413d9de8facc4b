package io.securelink.appliance.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.support.CollectingEventSink;
import io.securelink.appliance.support.TestPki;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.SpkiPin;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain accepted once is answered from memory afterwards; refusals and expired windows never are. */
class PeerVerifierCacheTest {
    @TempDir
    Path dir;

    @Test
    void aChainAcceptedOnceIsAcceptedAgainFromMemory() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair client = pki.client("site-a", "spiffe://carrier/site-a");
        PeerVerifier v = new PeerVerifier("in", List.of(pki.ca.certificate()), PinSet.of(List.of(SpkiPin.of(client.leaf()))),
                IdentityAllowList.parse(List.of("uri:spiffe://carrier/site-a")), new CollectingEventSink());
        X509Certificate[] chain = client.credentials().chain().toArray(new X509Certificate[0]);

        List<X509Certificate> first = v.verify(chain, "EC", "127.0.0.1:1", true, null);
        assertEquals(1, v.rememberedChains());
        List<X509Certificate> second = v.verify(chain, "EC", "127.0.0.1:2", true, null);

        assertEquals(first, second);
        assertEquals(1, v.rememberedChains());
    }

    @Test
    void aRefusedChainIsRefusedEveryTimeAndNeverRemembered() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair pinned = pki.client("site-a", "spiffe://carrier/site-a");
        TestPki.Pair other = pki.client("site-b", "spiffe://carrier/site-b");
        CollectingEventSink events = new CollectingEventSink();
        PeerVerifier v = new PeerVerifier("in", List.of(pki.ca.certificate()), PinSet.of(List.of(SpkiPin.of(pinned.leaf()))),
                IdentityAllowList.parse(List.of()), events);
        X509Certificate[] chain = other.credentials().chain().toArray(new X509Certificate[0]);

        assertThrows(PeerRefusedException.class, () -> v.verify(chain, "EC", "127.0.0.1:1", true, null));
        assertThrows(PeerRefusedException.class, () -> v.verify(chain, "EC", "127.0.0.1:2", true, null));
        assertEquals(0, v.rememberedChains());
    }

    @Test
    void aRememberedChainDoesNotAnswerOutsideItsValidityWindow() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair client = pki.client("site-a", "spiffe://carrier/site-a");
        X509Certificate[] chain = client.credentials().chain().toArray(new X509Certificate[0]);
        VerifiedChains chains = new VerifiedChains();
        chains.remember(chain, "EC", true, new VerifiedChains.Verified(List.of(chain), Optional.empty()));
        long notAfter = client.leaf().getNotAfter().getTime();

        assertTrue(chains.lookup(chain, "EC", true, System.currentTimeMillis()).isPresent());
        assertTrue(chains.lookup(chain, "EC", true, notAfter + 1).isEmpty());
        assertTrue(chains.lookup(chain, "EC", true, client.leaf().getNotBefore().getTime() - 1).isEmpty());
        assertTrue(chains.lookup(chain, "EC", false, System.currentTimeMillis()).isEmpty(), "other direction, other entry");
    }
}
