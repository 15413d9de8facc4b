package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinSetTest {
    static CertificateAuthority ca;
    static Credentials leaf;
    static CertificateAuthority otherCa;

    @BeforeAll
    static void issue() {
        ca = CertificateAuthority.create("Carrier CA", KeyType.EC_P256, Duration.ofDays(30));
        otherCa = CertificateAuthority.create("Other CA", KeyType.ED25519, Duration.ofDays(30));
        leaf = ca.issue(LeafSpec.server("gw1", List.of("gw1.carrier.example"), List.of()));
    }

    @Test
    void chainMatchesWhenTheLeafIsPinned() {
        PinSet pins = PinSet.of(List.of(leaf.leafPin()));

        assertEquals(Optional.of(leaf.leafPin()), pins.firstMatch(leaf.chain()));
    }

    @Test
    void chainMatchesWhenOnlyTheIssuingCaIsPinned() {
        PinSet pins = PinSet.of(List.of(SpkiPin.of(otherCa.certificate()), SpkiPin.of(ca.certificate())));

        assertEquals(Optional.of(SpkiPin.of(ca.certificate())), pins.firstMatch(leaf.chain()));
    }

    @Test
    void chainWithoutPinnedKeyDoesNotMatch() {
        PinSet pins = PinSet.of(List.of(SpkiPin.of(otherCa.certificate())));

        assertEquals(Optional.empty(), pins.firstMatch(leaf.chain()));
        assertEquals(Optional.<SpkiPin>empty(), PinSet.of(List.of()).firstMatch(leaf.chain()));
    }

    @Test
    void parseAcceptsTextFormsAndDeduplicates() throws Exception {
        PinSet pins = PinSet.parse(List.of(leaf.leafPin().toString(), " " + leaf.leafPin() + " "));

        assertEquals(1, pins.pins().size());
        assertTrue(PinSet.of(List.of()).isEmpty());
    }

    @Test
    void parseErrorQuotesTheBadEntry() {
        PinFormatException e = assertThrows(PinFormatException.class,
                () -> PinSet.parse(List.of(leaf.leafPin().toString(), "sha1/abcd")));
        assertTrue(e.getMessage().contains("'sha1/abcd'"), e.getMessage());
    }

    @Test
    void pinsAreImmutable() {
        PinSet pins = PinSet.of(List.of(leaf.leafPin()));

        assertThrows(UnsupportedOperationException.class, () -> pins.pins().clear());
    }
}
