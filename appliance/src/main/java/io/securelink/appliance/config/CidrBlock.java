package io.securelink.appliance.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix such as {@code 10.20.0.0/16} or {@code 2001:db8::/32}. IPv4 blocks also match
 * IPv4-mapped IPv6 addresses ({@code ::ffff:10.20.1.2}), because a dual-stack listener reports IPv4
 * clients that way. Host bits set below the prefix are rejected, since they usually hide a typo.
 */
public record CidrBlock(byte[] network, int prefix, String text) {

    public CidrBlock {
        network = network.clone();
    }

    public static CidrBlock parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("any")) {
            throw new IllegalArgumentException("'any' is written as 0.0.0.0/0 and ::/0 in a list, or as the word any on its own");
        }
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr, text);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': prefix length is not a number");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + max);
            }
        }
        for (int bit = prefix; bit < max; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set below /" + prefix);
            }
        }
        return new CidrBlock(bytes, prefix, t);
    }

    /** Parses an address literal without ever touching DNS. */
    static byte[] literal(String addr, String context) {
        boolean v4 = addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + context + "' is not an IP address or CIDR block");
        }
        try {
            InetAddress a = InetAddress.getByName(addr);
            if (v6 && a instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d to IPv4; keep the written family's width.
                byte[] b = new byte[16];
                b[10] = (byte) 0xff;
                b[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, b, 12, 4);
                return b;
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + context + "' is not an IP address or CIDR block");
        }
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    /** Whether the address falls in this block; IPv4 blocks match IPv4-mapped IPv6 addresses too. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (network.length == 4 && address instanceof Inet6Address) {
            if (!isMapped(a)) {
                return false;
            }
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    static boolean isMapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
