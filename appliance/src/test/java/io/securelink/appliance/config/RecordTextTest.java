package io.securelink.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securelink.crypto.IdentityAllowList;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The config records whose text goes into the config digest write their {@code toString} out by hand (the
 * generated one bootstraps method handles on every CLI start); the digest must not change because of it:
 * each gives exactly what a record's generated {@code toString} gives, and {@code isNone} says what
 * {@code equals(NONE)} says.
 */
class RecordTextTest {
    /** A record's generated form: {@code Name[a=x, b=y]}, each component as {@code String.valueOf} gives it. */
    private static String generated(Record r) throws ReflectiveOperationException {
        StringJoiner j = new StringJoiner(", ", r.getClass().getSimpleName() + "[", "]");
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            c.getAccessor().setAccessible(true);
            j.add(c.getName() + "=" + c.getAccessor().invoke(r));
        }
        return j.toString();
    }

    @Test
    void timeoutsReadAsTheGeneratedRecordTextDoes() throws Exception {
        for (Timeouts t : List.of(Timeouts.DEFAULTS,
                new Timeouts(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ZERO, Duration.ofMinutes(2)))) {
            assertEquals(generated(t), t.toString());
        }
    }

    @Test
    void policyRateAndRouteReadAsTheGeneratedRecordTextDoes() throws Exception {
        PolicyConfig.Rate rate = PolicyConfig.Rate.parse("50/s").withBurst(100);
        PolicyConfig.Rate slow = PolicyConfig.Rate.parse("7/m");
        PolicyConfig.Route route = new PolicyConfig.Route(
                IdentityAllowList.parse(List.of("uri:spiffe://securelink.lab/client", "dns:*.example.net")),
                HostPort.parse("127.0.0.1:9000"));
        assertEquals(generated(rate), rate.toString());
        assertEquals(generated(slow), slow.toString());
        assertEquals(generated(route), route.toString());
        for (PolicyConfig p : List.of(
                new PolicyConfig(List.of(CidrBlock.parse("127.0.0.0/8"), CidrBlock.parse("::1/128")),
                        List.of(CidrBlock.parse("10.0.0.0/8")), 200, 100, rate, 64, List.of(route, route), 8, 64),
                new PolicyConfig(List.of(), List.of(), 0, 0, null, 0, List.of(), 0, 56))) {
            assertEquals(generated(p), p.toString());
        }
    }

    @Test
    void isNoneSaysWhatEqualsNoneSays() {
        RevocationConfig none = RevocationConfig.NONE;
        List<RevocationConfig> variants = List.of(none,
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.REFUSE, RevocationConfig.OcspMode.OFF,
                        Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false),
                new RevocationConfig(List.of(Path.of("/x.crl")), List.of(), RevocationConfig.CrlStale.REFUSE,
                        RevocationConfig.OcspMode.OFF, Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false),
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.WARN, RevocationConfig.OcspMode.OFF,
                        Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false),
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.REFUSE, RevocationConfig.OcspMode.SOFT,
                        Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false),
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.REFUSE, RevocationConfig.OcspMode.OFF,
                        Optional.of(URI.create("http://127.0.0.1:1/")), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false),
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.REFUSE, RevocationConfig.OcspMode.OFF,
                        Optional.empty(), Duration.ofSeconds(9), false),
                new RevocationConfig(List.of(), List.of(), RevocationConfig.CrlStale.REFUSE, RevocationConfig.OcspMode.OFF,
                        Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, true));
        for (RevocationConfig r : variants) {
            assertEquals(r.equals(none), r.isNone(), r::toString);
        }
    }
}
