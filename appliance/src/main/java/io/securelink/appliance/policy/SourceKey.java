package io.securelink.appliance.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address a source is counted under for its rate bucket, connection count and handshake share:
 * an IPv4 address as it is, an IPv6 address cut to its first {@code ipv6Prefix} bits (default /64, the
 * smallest block a site is normally given), so one host holding a /64 cannot walk around every
 * per-source limit by changing its interface identifier.
 */
public final class SourceKey {
    /** The default IPv6 prefix length sources are counted by. */
    public static final int DEFAULT_IPV6_PREFIX = 64;

    private SourceKey() {
    }

    public static InetAddress of(InetAddress source, int ipv6Prefix) {
        if (!(source instanceof Inet6Address) || ipv6Prefix >= 128) {
            return source;
        }
        byte[] b = source.getAddress();
        for (int bit = Math.max(0, ipv6Prefix); bit < 128; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
