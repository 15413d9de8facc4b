package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/** Validity times read from their digits equal what Bouncy Castle's date parsing gives, in every form. */
class CertificateTimesTest {
    @Test
    void utcAndGeneralizedTimesReadAsBouncyCastleReadsThem() throws Exception {
        List<Time> times = List.of(
                new Time(new ASN1UTCTime("491231235959Z")),        // 2049: the last UTCTime year
                new Time(new ASN1UTCTime("500101000000Z")),        // 1950: the first
                new Time(new ASN1UTCTime("281126210002Z")),
                new Time(new ASN1UTCTime("2811262100Z")),          // no seconds: left to getDate()
                new Time(new ASN1GeneralizedTime("20510607080910Z")),
                new Time(new ASN1GeneralizedTime("99991231235959Z")),
                new Time(new ASN1GeneralizedTime("20510607080910.5Z"))); // fraction: left to getDate()
        for (Time t : times) {
            assertEquals(t.getDate().toInstant(), CertificateTimes.of(t), t.toString());
        }
        assertEquals(Instant.parse("2049-12-31T23:59:59Z"), CertificateTimes.of(times.get(0)));
        assertEquals(Instant.parse("1950-01-01T00:00:00Z"), CertificateTimes.of(times.get(1)));
    }
}
