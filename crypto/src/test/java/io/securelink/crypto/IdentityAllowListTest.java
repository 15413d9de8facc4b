package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityAllowListTest {
    private final PresentedIdentity gw1 = new PresentedIdentity(List.of("gw1.carrier.example"),
            List.of("spiffe://carrier/voice"), List.of(), List.of("gw1"));

    @Test
    void firstMatchingPatternInConfiguredOrderIsReported() throws Exception {
        IdentityAllowList list = IdentityAllowList.parse(List.of("dns:other.example", "uri:spiffe://carrier/voice",
                "dns:*.carrier.example"));

        assertEquals(Optional.of(IdentityPattern.parse("uri:spiffe://carrier/voice")), list.firstMatch(gw1));
    }

    @Test
    void noMatchingPatternGivesEmpty() throws Exception {
        IdentityAllowList list = IdentityAllowList.parse(List.of("dns:gw2.carrier.example", "ip:10.0.0.5"));

        assertEquals(Optional.empty(), list.firstMatch(gw1));
        assertEquals(Optional.empty(), IdentityAllowList.parse(List.of()).firstMatch(gw1));
        assertTrue(IdentityAllowList.parse(List.of()).isEmpty());
    }

    @Test
    void ipv4MatchesOnlyTheSameAddress() throws Exception {
        PresentedIdentity ip = new PresentedIdentity(List.of(), List.of(), List.of(InetAddress.getByName("10.0.0.5")), List.of());

        assertEquals("ip:10.0.0.5", IdentityAllowList.parse(List.of("ip:10.0.0.5")).firstMatch(ip).orElseThrow().toString());
    }

    @Test
    void parseStopsAtTheFirstBadEntryAndQuotesIt() {
        IdentityFormatException e = assertThrows(IdentityFormatException.class,
                () -> IdentityAllowList.parse(List.of("dns:ok.example", "dsn:gw1.example")));
        assertTrue(e.getMessage().contains("'dsn:gw1.example'"), e.getMessage());
    }
}
