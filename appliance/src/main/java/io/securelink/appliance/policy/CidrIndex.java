package io.securelink.appliance.policy;

import io.securelink.appliance.config.CidrBlock;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A list of CIDR blocks indexed for the accept path: IPv4 blocks (which also match IPv4-mapped IPv6
 * addresses) are looked up by prefix length in hash maps, so the cost grows with the number of distinct
 * prefix lengths, not of rules; IPv6 blocks are scanned. Answers exactly what a scan in list order
 * would: the first block that contains the address.
 */
final class CidrIndex {
    private final List<CidrBlock> blocks;
    /** For each IPv4 prefix length in use: masked network -> lowest list index. */
    private final int[] v4Prefixes;
    private final List<Map<Integer, Integer>> v4Networks;
    private final int[] v6Indexes;

    CidrIndex(List<CidrBlock> blocks) {
        this.blocks = List.copyOf(blocks);
        TreeMap<Integer, Map<Integer, Integer>> byPrefix = new TreeMap<>();
        List<Integer> v6 = new ArrayList<>();
        for (int i = 0; i < this.blocks.size(); i++) {
            CidrBlock b = this.blocks.get(i);
            if (b.isIpv4()) {
                byPrefix.computeIfAbsent(b.prefix(), p -> new HashMap<>()).putIfAbsent(toInt(b.network(), 0) & mask(b.prefix()), i);
            } else {
                v6.add(i);
            }
        }
        this.v4Prefixes = byPrefix.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.v4Networks = List.copyOf(byPrefix.values());
        this.v6Indexes = v6.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first block in list order that contains {@code address}, or null. */
    CidrBlock firstMatch(InetAddress address) {
        int best = Integer.MAX_VALUE;
        if (v4Prefixes.length > 0) {
            byte[] a = address.getAddress();
            int offset = a.length == 4 ? 0 : isMapped(address, a) ? 12 : -1;
            if (offset >= 0) {
                int v4 = toInt(a, offset);
                for (int k = 0; k < v4Prefixes.length; k++) {
                    int p = v4Prefixes[k];
                    Integer i = v4Networks.get(k).get(v4 & mask(p));
                    if (i != null && i < best) {
                        best = i;
                    }
                }
            }
        }
        for (int i : v6Indexes) {
            if (i >= best) {
                break;
            }
            if (blocks.get(i).contains(address)) {
                best = i;
                break;
            }
        }
        return best == Integer.MAX_VALUE ? null : blocks.get(best);
    }

    private static boolean isMapped(InetAddress address, byte[] a) {
        if (!(address instanceof Inet6Address) || a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
    }
}
