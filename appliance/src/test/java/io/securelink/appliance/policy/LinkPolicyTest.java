package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.PolicyConfig;
import io.securelink.appliance.event.EventType;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The link's policy object: the bucket of a source already seen follows a changed rate, the
 * after-handshake decisions, and the one mapping from verdict to event.
 */
class LinkPolicyTest {
    private static LinkPolicy policy(String rate, int burst, boolean peerCertificateRequired) {
        PolicyConfig.Rate r = PolicyConfig.Rate.parse(rate);
        PolicyConfig p = new PolicyConfig(List.of(CidrBlock.parse("127.0.0.0/8")), List.of(), 0, 0,
                new PolicyConfig.Rate(r.perSecond(), burst, r.text()), 0, List.of(), 0, 64);
        return new LinkPolicy(p, peerCertificateRequired, Optional.of(HostPort.parse("127.0.0.1:9000")));
    }

    @Test
    void aSourceSeenUnderALooseRateIsHeldToTheTighterOneAtOnce() throws Exception {
        Admission a = new Admission();
        InetAddress src = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 5; i++) {
            a.admit(src, policy("1000/s", 1000, false), i).ticket().release();
        }
        LinkPolicy tight = policy("1/h", 1, false);
        int allowed = 0;
        for (int i = 0; i < 50; i++) {
            Admission.Result r = a.admit(src, tight, 1_000 + i);
            if (r.decision().allowed()) {
                allowed++;
                r.ticket().release();
            }
        }
        assertEquals(1, allowed);
        assertEquals(49, a.counters().get(Verdict.RATE_LIMITED));
    }

    @Test
    void aLooserRateGrantsNoTokensTheOldBucketDidNotHold() {
        TokenBucket empty = new TokenBucket(1.0 / 3600, 1, 0);
        assertTrue(empty.tryTake(0));
        TokenBucket looser = empty.withRate(1000, 1000, 1);
        assertFalse(looser.tryTake(1), "no tokens carried over");
        assertTrue(looser.tryTake(1 + 1_000_000), "refills at the new rate");
    }

    @Test
    void aPeerWithoutCertificateIsRefusedWhereThePeersArePinnedOrListed() {
        LinkPolicy.PeerDecision d = policy("10/s", 10, true).afterHandshake(null);
        assertEquals(Verdict.IDENTITY_DENIED, d.decision().verdict());
        assertEquals("no certificate", d.fields().get("reason"));
        assertNull(d.route());
        LinkPolicy.PeerDecision open = policy("10/s", 10, false).afterHandshake(null);
        assertTrue(open.decision().allowed());
        assertEquals("127.0.0.1:9000", open.route().forward().toString());
    }

    @Test
    void everyRefusalVerdictRaisesItsOneEventType() {
        assertEquals(EventType.CONNECTION_DENIED, Verdict.SOURCE_DENIED.eventType());
        for (Verdict v : List.of(Verdict.RATE_LIMITED, Verdict.OVER_LIMIT, Verdict.HANDSHAKE_LIMIT)) {
            assertEquals(EventType.LIMIT_HIT, v.eventType());
        }
        assertEquals(EventType.IDENTITY_REFUSED, Verdict.IDENTITY_DENIED.eventType());
        assertEquals(EventType.NO_ROUTE, Verdict.NO_ROUTE.eventType());
        for (EventType t : List.of(EventType.PIN_FAILED, EventType.IDENTITY_REFUSED, EventType.CHAIN_REFUSED)) {
            assertEquals(t, Verdict.ofHandshakeRefusal(t).eventType(), "a handshake refusal round-trips");
        }
    }
}
