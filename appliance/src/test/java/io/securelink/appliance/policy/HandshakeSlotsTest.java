package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.PolicyConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The handshake share per source, eviction of the busiest source's oldest handshake, and IPv6 /64 keys. */
class HandshakeSlotsTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aSourceAtItsShareIsRefusedWithoutTouchingOthers() throws Exception {
        HandshakeSlots slots = new HandshakeSlots();
        for (int i = 0; i < 3; i++) {
            assertNotNull(slots.acquire(ip("10.0.0.1"), 10, 3, () -> { }).slot());
        }
        HandshakeSlots.Grant g = slots.acquire(ip("10.0.0.1"), 10, 3, () -> { });
        assertNull(g.slot());
        assertEquals("max-handshakes-in-flight-per-source 3", g.refusedBy());
        assertNotNull(slots.acquire(ip("10.0.0.2"), 10, 3, () -> { }).slot());
    }

    @Test
    void whenFullANewSourceEvictsTheOldestHandshakeOfTheBusiestSource() throws Exception {
        HandshakeSlots slots = new HandshakeSlots();
        List<HandshakeSlots.Slot> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(slots.acquire(ip("10.0.0.1"), 4, 0, () -> { }).slot());
        }
        slots.acquire(ip("10.0.0.2"), 4, 0, () -> { });
        HandshakeSlots.Grant g = slots.acquire(ip("10.0.0.3"), 4, 0, () -> { });
        assertNotNull(g.slot());
        assertSame(busy.get(0), g.evicted(), "the oldest of the source holding most");
        assertEquals(4, slots.held());
        assertEquals(2, slots.heldBy(ip("10.0.0.1")));
    }

    @Test
    void whenFullTheBusiestSourceItselfIsRefusedNotAnother() throws Exception {
        HandshakeSlots slots = new HandshakeSlots();
        slots.acquire(ip("10.0.0.1"), 2, 0, () -> { });
        slots.acquire(ip("10.0.0.2"), 2, 0, () -> { });
        HandshakeSlots.Grant g = slots.acquire(ip("10.0.0.1"), 2, 0, () -> { });
        assertNull(g.slot());
        assertEquals("max-handshakes-in-flight 2", g.refusedBy());
    }

    @Test
    void anEvictedHandshakeIsEndedThroughItsAdmissionCallbackAndCounted() throws Exception {
        Admission a = new Admission();
        PolicyConfig p = new PolicyConfig(List.of(CidrBlock.parse("10.0.0.0/8")), List.of(), 0, 0, null, 2, List.of(), 0, 64);
        LinkPolicy rules = new LinkPolicy(p, false, java.util.Optional.empty());
        AtomicInteger ended = new AtomicInteger();
        a.admit(ip("10.0.0.1"), rules, 0, ended::incrementAndGet);
        a.admit(ip("10.0.0.1"), rules, 0, ended::incrementAndGet);
        Admission.Result r = a.admit(ip("10.0.0.9"), rules, 0, () -> { });
        assertEquals(Verdict.ALLOWED, r.decision().verdict());
        assertEquals(1, ended.get());
        assertEquals(1, a.counters().get(Verdict.HANDSHAKE_EVICTED));
    }

    /**
     * An idle connection lives for hours: once its handshake is over, its ticket must not keep the slot and the
     * eviction callback (which holds the channel it would close) alive. Fails if the ticket keeps the slot.
     */
    @Test
    void aTicketWhoseHandshakeIsDoneNoLongerHoldsTheEvictionCallback() throws Exception {
        Admission a = new Admission();
        PolicyConfig p = new PolicyConfig(List.of(CidrBlock.parse("10.0.0.0/8")), List.of(), 0, 0, null, 2, List.of(), 0, 64);
        LinkPolicy rules = new LinkPolicy(p, false, java.util.Optional.empty());
        AtomicInteger ended = new AtomicInteger();
        Runnable onEvict = ended::incrementAndGet;
        java.lang.ref.WeakReference<Runnable> callback = new java.lang.ref.WeakReference<>(onEvict);
        Admission.Result r = a.admit(ip("10.0.0.1"), rules, 0, onEvict);
        onEvict = null;
        assertEquals(1, a.handshakesInFlight());
        r.ticket().handshakeDone();
        assertEquals(0, a.handshakesInFlight(), "the slot is free for the next handshake");
        io.securelink.appliance.support.Await.until(() -> {
            System.gc();
            return callback.get() == null;
        }, "the eviction callback collected while the ticket (an open connection) is still held");
        r.ticket().release();
        assertEquals(0, ended.get(), "a finished handshake is never evicted");
        assertNotNull(r.ticket());
    }

    @Test
    void ipv6SourcesInOneSlash64ShareOneConnectionCount() throws Exception {
        Admission a = new Admission();
        PolicyConfig p = new PolicyConfig(List.of(CidrBlock.parse("2001:db8::/32")), List.of(), 0, 2, null, 0, List.of(), 0, 64);
        LinkPolicy rules = new LinkPolicy(p, false, java.util.Optional.empty());
        assertEquals(Verdict.ALLOWED, a.admit(ip("2001:db8:1:2::1"), rules, 0).decision().verdict());
        assertEquals(Verdict.ALLOWED, a.admit(ip("2001:db8:1:2::2"), rules, 0).decision().verdict());
        assertEquals(Verdict.OVER_LIMIT, a.admit(ip("2001:db8:1:2:ffff::3"), rules, 0).decision().verdict());
        assertEquals(Verdict.ALLOWED, a.admit(ip("2001:db8:1:3::1"), rules, 0).decision().verdict(), "another /64");
        assertEquals(ip("2001:db8:1:2::"), SourceKey.of(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 64));
        assertEquals(ip("2001:db8:1::"), SourceKey.of(ip("2001:db8:1:2::1"), 48));
        assertEquals(ip("192.0.2.7"), SourceKey.of(ip("192.0.2.7"), 64));
    }
}
