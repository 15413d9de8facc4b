package io.securelink.appliance.link;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How an address is written in logs, events and reports: IPv6 compressed as RFC 5952 says
 * ({@code [::1]:443}, not {@code [0:0:0:0:0:0:0:1]:443}), so it matches what users write in configs.
 */
public final class AddressText {
    private AddressText() {
    }

    public static String of(InetAddress address) {
        return NetUtil.toAddressString(address);
    }

    public static String of(InetSocketAddress a) {
        String h = a.getAddress() == null ? a.getHostString() : of(a.getAddress());
        return h.contains(":") ? "[" + h + "]:" + a.getPort() : h + ":" + a.getPort();
    }
}
