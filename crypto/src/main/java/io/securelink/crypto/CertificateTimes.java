package io.securelink.crypto;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate validity time as an {@link Instant}, read from the digits of its DER form (RFC 5280:
 * UTCTime {@code YYMMDDHHMMSSZ}, years 1950-2049, or GeneralizedTime {@code YYYYMMDDHHMMSSZ}) rather than
 * by Bouncy Castle's {@code getDate()}, whose {@code SimpleDateFormat} starts the JDK's locale and calendar
 * providers: most of a {@code securelink pin} run. Any other form is left to {@code getDate()}.
 */
final class CertificateTimes {
    private CertificateTimes() {
    }

    static Instant of(Time time) throws java.io.IOException, ParseException {
        ASN1Primitive p = time.toASN1Primitive();
        if (p instanceof ASN1UTCTime || p instanceof ASN1GeneralizedTime) {
            byte[] der = p.getEncoded(ASN1Encoding.DER);
            // tag, one length octet (the forms read here are 13 or 15 octets long), then the ASCII digits
            String raw = der.length > 2 && (der[1] & 0xff) == der.length - 2
                    ? new String(der, 2, der.length - 2, StandardCharsets.US_ASCII) : "";
            if (p instanceof ASN1UTCTime && strict(raw, 12)) {
                int yy = digits(raw, 0, 2);
                return at(yy >= 50 ? 1900 + yy : 2000 + yy, raw, 2);
            }
            if (p instanceof ASN1GeneralizedTime && strict(raw, 14)) {
                return at(digits(raw, 0, 4), raw, 4);
            }
        }
        return time.getDate().toInstant();
    }

    private static Instant at(int year, String raw, int i) {
        return LocalDateTime.of(year, digits(raw, i, i + 2), digits(raw, i + 2, i + 4), digits(raw, i + 4, i + 6),
                digits(raw, i + 6, i + 8), digits(raw, i + 8, i + 10)).toInstant(ZoneOffset.UTC);
    }

    /** {@code n} ASCII digits followed by {@code Z} and nothing else. */
    private static boolean strict(String raw, int n) {
        if (raw == null || raw.length() != n + 1 || raw.charAt(n) != 'Z') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
