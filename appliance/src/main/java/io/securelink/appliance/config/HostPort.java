package io.securelink.appliance.config;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A host and TCP port as written in the config ({@code 10.0.0.1:443}, {@code [::1]:443},
 * {@code gw1.carrier.example:443}); the host stays a name until the runtime resolves it off the event loop.
 */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}; IPv6 literals must be bracketed. */
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address (expected host:port)");
        }
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not [ipv6]:port");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': only IPv6 literals go in brackets");
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 && t.matches("[0-9]{1,5}")) {
                // A bare port is the commonest slip: say which host to put before it.
                throw new IllegalArgumentException("'" + text + "' is a port without a host (expected host:port): write "
                        + "127.0.0.1:" + t + " for this machine only, or 0.0.0.0:" + t + " (\"[::]:" + t + "\" for IPv6 too) for every address");
            }
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + text + "' has no port (expected host:port)");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': write IPv6 addresses as [addr]:port");
            }
            if (!host.matches("[A-Za-z0-9.\\-_]+")) {
                throw new IllegalArgumentException("'" + text + "': '" + host + "' is not a host name or address");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port '" + port + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + p + " is outside 1-65535");
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), p);
    }

    /** True for the wildcard addresses that listen on every interface. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0") || host.equals("*");
    }

    /** An unresolved socket address; resolution is the runtime's job. */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Written out, as the record's would be: the generated one is bootstrapped through method handles on
     * its first call, which was on the event loop at a client link's first connection (the upstream lookup).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof HostPort h && port == h.port && java.util.Objects.equals(host, h.host);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(host) + port;
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
