package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.securelink.appliance.config.CidrBlock;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Source matching (v4, v6, IPv4-mapped, deny over allow) and the per-source token bucket. */
class CidrAndBucketTest {
    static final SourceRules RULES = new SourceRules(
            List.of(CidrBlock.parse("10.20.0.0/16"), CidrBlock.parse("2001:db8::/32"), CidrBlock.parse("192.0.2.7")),
            List.of(CidrBlock.parse("10.20.9.0/24"), CidrBlock.parse("2001:db8:bad::/48")));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.20.1.2, ALLOWED",
            "10.20.255.255, ALLOWED",
            "10.21.0.1, SOURCE_DENIED",
            "10.20.9.1, SOURCE_DENIED",
            "::ffff:10.20.1.2, ALLOWED",
            "::ffff:10.20.9.9, SOURCE_DENIED",
            "2001:db8:1::1, ALLOWED",
            "2001:db8:bad::1, SOURCE_DENIED",
            "2001:db9::1, SOURCE_DENIED",
            "192.0.2.7, ALLOWED",
            "192.0.2.8, SOURCE_DENIED",
            "::1, SOURCE_DENIED",
    })
    void sourceTable(String address, Verdict expected) throws Exception {
        assertEquals(expected, RULES.evaluate(InetAddress.getByName(address)).verdict());
    }

    @Test
    void denyRuleIsNamedInTheDecision() throws Exception {
        assertEquals("deny-sources 10.20.9.0/24", RULES.evaluate(InetAddress.getByName("10.20.9.1")).rule());
    }

    @Test
    void emptySourcesDenyEverything() throws Exception {
        Decision d = new SourceRules(List.of(), List.of()).evaluate(InetAddress.getByName("127.0.0.1"));
        assertEquals(Verdict.SOURCE_DENIED, d.verdict());
        assertEquals("default deny: the link lists no sources", d.rule());
    }

    @Test
    void hostBitsBelowThePrefixAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse("10.20.1.0/16"));
        assertEquals("'10.20.1.0/16' has host bits set below /16", e.getMessage());
    }

    @Test
    void aBurstOf200OverTwoSecondsAcceptsBurstPlusRefill() {
        TokenBucket b = new TokenBucket(10, 20, 0);
        int accepted = 0;
        for (int i = 0; i < 200; i++) {
            long t = i * 10_000_000L; // 200 attempts spread evenly over 2 s
            if (b.tryTake(t)) {
                accepted++;
            }
        }
        // 20 from the burst, plus 10/s refilled over the 1.99 s the attempts span.
        assertEquals(39, accepted);
    }
}
