package io.securelink.appliance.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.securelink.appliance.config.CidrBlock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The indexed lookup answers exactly what a scan of the rules in list order answers. */
class CidrIndexTest {
    private static CidrBlock scan(List<CidrBlock> blocks, InetAddress a) {
        for (CidrBlock b : blocks) {
            if (b.contains(a)) {
                return b;
            }
        }
        return null;
    }

    @Test
    void agreesWithAScanInListOrderOnRandomRulesAndAddresses() throws Exception {
        Random rnd = new Random(7);
        List<CidrBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int p = rnd.nextInt(33);
            int net = p == 0 ? 0 : (10 << 24 | rnd.nextInt(1 << 18)) & (-1 << (32 - p));
            blocks.add(CidrBlock.parse(v4(net) + "/" + p));
            if (i % 100 == 0) {
                blocks.add(CidrBlock.parse("2001:db8:" + Integer.toHexString(rnd.nextInt(0xffff)) + "::/48"));
            }
        }
        CidrIndex index = new CidrIndex(blocks);
        for (int i = 0; i < 20_000; i++) {
            int addr = 10 << 24 | rnd.nextInt(1 << 18);
            String text = switch (i % 3) {
                case 0 -> v4(addr);
                case 1 -> "::ffff:" + v4(addr);
                default -> "2001:db8:" + Integer.toHexString(rnd.nextInt(0xffff)) + "::1";
            };
            InetAddress a = InetAddress.getByName(text);
            assertEquals(scan(blocks, a), index.firstMatch(a), text);
        }
    }

    @Test
    void theFirstListedOfOverlappingBlocksIsTheOneReported() throws Exception {
        List<CidrBlock> blocks = List.of(CidrBlock.parse("10.20.1.0/24"), CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("10.20.0.0/16"));
        CidrIndex index = new CidrIndex(blocks);
        assertEquals("10.20.1.0/24", index.firstMatch(InetAddress.getByName("10.20.1.5")).toString());
        assertEquals("10.0.0.0/8", index.firstMatch(InetAddress.getByName("10.20.2.5")).toString());
        assertEquals("10.0.0.0/8", index.firstMatch(InetAddress.getByName("::ffff:10.20.2.5")).toString());
        assertNull(index.firstMatch(InetAddress.getByName("11.0.0.1")));
        assertNull(index.firstMatch(InetAddress.getByName("::1")));
    }

    @Test
    void anAnyRuleMatchesEveryIpv4Address() throws Exception {
        CidrIndex index = new CidrIndex(List.of(CidrBlock.parse("0.0.0.0/0")));
        assertEquals("0.0.0.0/0", index.firstMatch(InetAddress.getByName("203.0.113.9")).toString());
    }

    private static String v4(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }
}
