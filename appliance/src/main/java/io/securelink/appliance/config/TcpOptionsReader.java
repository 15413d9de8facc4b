package io.securelink.appliance.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads a link's {@code tcp} section: {@code keepalive: {idle, interval, count}} or {@code keepalive: off},
 * {@code user-timeout} (a duration or {@code off}) and {@code dscp}. Bounds are the kernel's: keep-alive
 * idle and interval 1 s..32767 s in whole seconds, count 1..127.
 */
final class TcpOptionsReader {
    static final long MAX_KEEPALIVE_SECONDS = 32_767;
    static final int MAX_KEEPALIVE_COUNT = 127;

    private TcpOptionsReader() {
    }

    static TcpOptions read(YamlSection s) {
        TcpOptions d = TcpOptions.DEFAULTS;
        Optional<TcpOptions.Keepalive> keepalive = d.keepalive();
        if (s.has("keepalive")) {
            org.yaml.snakeyaml.nodes.Node n = s.nodeOf("keepalive");
            if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
                String v = s.string("keepalive").orElse("");
                try {
                    if (ConfigLoader.bool(v)) {
                        s.problem("keepalive", "write the settings ({idle, interval, count}) or 'off'");
                    } else {
                        keepalive = Optional.empty();
                    }
                } catch (IllegalArgumentException e) {
                    s.problem("keepalive", "'" + v + "' is neither 'off' nor a mapping {idle, interval, count}");
                }
            } else {
                keepalive = Optional.of(readKeepalive(s.section("keepalive")));
            }
        } else {
            s.nodeOf("keepalive");
        }
        Duration userTimeout = d.userTimeout();
        if (s.has("user-timeout")) {
            Optional<String> raw = s.string("user-timeout");
            if (raw.isPresent() && isOff(raw.get())) {
                userTimeout = Duration.ZERO;
            } else {
                userTimeout = ConfigLoader.positive(s, "user-timeout", d.userTimeout());
                if (userTimeout.toMillis() > Integer.MAX_VALUE) {
                    s.problem("user-timeout", "must be at most " + Integer.MAX_VALUE + "ms");
                    userTimeout = d.userTimeout();
                }
            }
        } else {
            s.nodeOf("user-timeout");
        }
        Optional<Dscp> dscp = s.parsed("dscp", Dscp::parse);
        s.rejectUnknownKeys();
        return new TcpOptions(keepalive, userTimeout, dscp);
    }

    private static TcpOptions.Keepalive readKeepalive(YamlSection k) {
        TcpOptions.Keepalive d = TcpOptions.DEFAULT_KEEPALIVE;
        Duration idle = seconds(k, "idle", d.idle());
        Duration interval = seconds(k, "interval", d.interval());
        int count = d.count();
        Optional<String> raw = k.string("count");
        if (raw.isPresent()) {
            try {
                count = Integer.parseInt(raw.get().trim());
                if (count < 1 || count > MAX_KEEPALIVE_COUNT) {
                    k.problem("count", "must be 1.." + MAX_KEEPALIVE_COUNT + ", not " + count);
                    count = d.count();
                }
            } catch (NumberFormatException e) {
                k.problem("count", "'" + raw.get() + "' is not a whole number of probes (1.." + MAX_KEEPALIVE_COUNT + ")");
            }
        }
        k.rejectUnknownKeys();
        return new TcpOptions.Keepalive(idle, interval, count);
    }

    /** A keep-alive time: whole seconds, 1 s..32767 s (the kernel's unit and limit). */
    private static Duration seconds(YamlSection k, String key, Duration fallback) {
        Duration v = ConfigLoader.positive(k, key, fallback);
        if (v.toMillis() % 1000 != 0) {
            k.problem(key, "must be whole seconds (the kernel counts keep-alive time in seconds), not " + Durations.format(v));
            return fallback;
        }
        if (v.toSeconds() > MAX_KEEPALIVE_SECONDS) {
            k.problem(key, "must be at most " + MAX_KEEPALIVE_SECONDS + "s");
            return fallback;
        }
        return v;
    }

    static boolean isOff(String v) {
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals("off") || t.equals("false") || t.equals("no");
    }
}
