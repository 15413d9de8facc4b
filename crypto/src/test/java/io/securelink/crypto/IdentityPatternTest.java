package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityPatternTest {
    private static PresentedIdentity dns(String name) {
        return new PresentedIdentity(List.of(name), List.of(), List.of(), List.of());
    }

    @ParameterizedTest(name = "{0} vs dns {1} -> {2}")
    @CsvSource({
            "dns:gw1.carrier.example,     gw1.carrier.example,      true",
            "dns:gw1.carrier.example,     GW1.Carrier.EXAMPLE,      true",
            "dns:GW1.carrier.example,     gw1.carrier.example,      true",
            "dns:gw1.carrier.example.,    gw1.carrier.example,      true",
            "dns:gw1.carrier.example,     gw1.carrier.example.,     true",
            "dns:gw1.carrier.example,     gw2.carrier.example,      false",
            "dns:gw1.carrier.example,     gw1.carrier.example.evil, false",
            "dns:carrier.example,         gw1.carrier.example,      false",
            "dns:*.carrier.example,       a.carrier.example,        true",
            "dns:*.carrier.example,       A.CARRIER.example.,       true",
            "dns:*.Carrier.Example,       a.carrier.example,        true",
            "dns:*.carrier.example,       carrier.example,          false",
            "dns:*.carrier.example,       a.b.carrier.example,      false",
            "dns:*.carrier.example,       .carrier.example,         false",
            "dns:*.carrier.example,       acarrier.example,         false",
            "dns:*.carrier.example,       a.carrier.example.evil,   false",
    })
    void dnsPatternMatchesPresentedName(String pattern, String presented, boolean expected) throws Exception {
        assertEquals(expected, IdentityPattern.parse(pattern).matches(dns(presented)));
    }

    @ParameterizedTest(name = "{0} vs ip {1} -> {2}")
    @CsvSource({
            "ip:10.0.0.5,                  10.0.0.5,                 true",
            "ip:10.0.0.5,                  10.0.0.6,                 false",
            "ip:::1,                       0:0:0:0:0:0:0:1,          true",
            "ip:0:0:0:0:0:0:0:1,           ::1,                      true",
            "ip:2001:DB8::1,               2001:db8:0:0:0:0:0:1,     true",
            "ip:2001:db8::1,               2001:db8::2,              false",
            "ip:::1,                       127.0.0.1,                false",
            "ip:127.0.0.1,                 ::1,                      false",
    })
    void ipPatternComparesAddressBytes(String pattern, String presented, boolean expected) throws Exception {
        PresentedIdentity id = new PresentedIdentity(List.of(), List.of(), List.of(InetAddress.getByName(presented)), List.of());

        assertEquals(expected, IdentityPattern.parse(pattern).matches(id));
    }

    @Test
    void uriPatternIsExactStringMatch() throws Exception {
        PresentedIdentity id = new PresentedIdentity(List.of(), List.of("spiffe://carrier/voice"), List.of(), List.of());

        assertTrue(IdentityPattern.parse("uri:spiffe://carrier/voice").matches(id));
        assertEquals(false, IdentityPattern.parse("uri:spiffe://carrier/voice/").matches(id));
        assertEquals(false, IdentityPattern.parse("uri:spiffe://Carrier/voice").matches(id));
        assertEquals(false, IdentityPattern.parse("uri:spiffe://carrier").matches(id));
    }

    @Test
    void cnIsOnlyConsultedByCnPatterns() throws Exception {
        PresentedIdentity cnOnly = new PresentedIdentity(List.of(), List.of(), List.of(), List.of("gw1.carrier.example"));

        assertEquals(false, IdentityPattern.parse("dns:gw1.carrier.example").matches(cnOnly));
        assertEquals(false, IdentityPattern.parse("dns:*.carrier.example").matches(cnOnly));
        assertTrue(IdentityPattern.parse("cn:gw1.carrier.example").matches(cnOnly));
        assertTrue(IdentityPattern.parse("cn:GW1.Carrier.Example").matches(cnOnly));
        assertEquals(false, IdentityPattern.parse("cn:gw1").matches(cnOnly));
    }

    @Test
    void cnPatternDoesNotLookAtSans() throws Exception {
        assertEquals(false, IdentityPattern.parse("cn:gw1.carrier.example").matches(dns("gw1.carrier.example")));
    }

    @Test
    void toStringIsTheWrittenForm() throws Exception {
        assertEquals("dns:*.carrier.example", IdentityPattern.parse("dns:*.carrier.example").toString());
        assertEquals("uri:spiffe://carrier/voice", IdentityPattern.parse("  URI:spiffe://carrier/voice ").toString());
        assertEquals("ip:::1", IdentityPattern.parse("ip:::1").toString());
        assertEquals(new IdentityPattern(IdentityPattern.Kind.CN, "gw1"), IdentityPattern.parse("cn:gw1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "foo:bar                | unknown identity kind 'foo' in 'foo:bar' (expected dns:, uri:, ip: or cn:)",
            "spiffe://carrier/voice | for a URI write uri:spiffe://carrier/voice",
            "gw1.carrier.example    | identity 'gw1.carrier.example' has no kind",
            "dns:                   | empty value in identity 'dns:'",
            "cn:                    | empty value in identity 'cn:'",
            "dns:a.*.carrier.example | must be the whole leftmost label",
            "dns:gw*.carrier.example | must be the whole leftmost label",
            "dns:*.example          | too broad",
            "dns:bad_label-.example | is not a valid DNS label",
            "dns:a..example         | (empty label)",
            "ip:10.0.0.256          | '10.0.0.256' in identity 'ip:10.0.0.256' is not an IPv4 or IPv6 address",
            "ip:010.0.0.1           | is not an IPv4 or IPv6 address",
            "ip:gw1.carrier.example | is not an IPv4 or IPv6 address",
            "ip:1::2::3             | is not an IPv4 or IPv6 address",
            "uri:voice              | is not an absolute URI",
    })
    void malformedEntriesAreExplained(String entry, String expectedMessagePart) {
        IdentityFormatException e = assertThrows(IdentityFormatException.class, () -> IdentityPattern.parse(entry));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void constructorRejectsWhatParseRejects() {
        assertThrows(IllegalArgumentException.class, () -> new IdentityPattern(IdentityPattern.Kind.IP, "nope"));
    }
}
