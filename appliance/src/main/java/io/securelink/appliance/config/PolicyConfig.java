package io.securelink.appliance.config;

import io.securelink.crypto.IdentityAllowList;
import java.util.List;

/**
 * A link's traffic policy. Default deny: with no {@code sources} nothing is accepted. Source checks and
 * limits run on accept, before any TLS work; identity and route run after the handshake.
 *
 * @param maxConnections          0 means unlimited (written as the word {@code unlimited}; a written 0 is refused)
 * @param maxConnectionsPerSource 0 means unlimited
 * @param rate                    new connections per source, or null for no rate limit
 * @param maxHandshakesInFlight   0 means unlimited
 * @param maxHandshakesPerSource  the share of the in-flight handshakes one source may hold; 0 means unlimited
 * @param ipv6SourcePrefix        IPv6 sources are counted (rate, connections, handshakes) by this prefix length
 */
public record PolicyConfig(
        List<CidrBlock> sources,
        List<CidrBlock> denySources,
        int maxConnections,
        int maxConnectionsPerSource,
        Rate rate,
        int maxHandshakesInFlight,
        List<Route> routes,
        int maxHandshakesPerSource,
        int ipv6SourcePrefix) {

    /**
     * What a record's generated {@code toString} gives, written out: the config digest includes it, and the
     * generated one bootstraps method handles, which costs every {@code check-config} run more than the rest
     * of the digest ({@code RecordTextTest} holds it to the generated form).
     */
    @Override
    public String toString() {
        return "PolicyConfig[sources=" + sources + ", denySources=" + denySources + ", maxConnections=" + maxConnections
                + ", maxConnectionsPerSource=" + maxConnectionsPerSource + ", rate=" + rate + ", maxHandshakesInFlight="
                + maxHandshakesInFlight + ", routes=" + routes + ", maxHandshakesPerSource=" + maxHandshakesPerSource
                + ", ipv6SourcePrefix=" + ipv6SourcePrefix + "]";
    }

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_PER_SOURCE = 64;
    public static final int DEFAULT_MAX_HANDSHAKES = 128;
    public static final int DEFAULT_MAX_HANDSHAKES_PER_SOURCE = 8;

    /** A token bucket: {@code perSecond} tokens refill each second up to {@code burst}. */
    public record Rate(double perSecond, int burst, String text) {
        public static Rate parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a rate (expected e.g. 10/s or 600/m)");
            }
            double n;
            try {
                n = Double.parseDouble(t.substring(0, slash));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a rate (expected e.g. 10/s or 600/m)");
            }
            double perSecond = switch (t.substring(slash + 1)) {
                case "s" -> n;
                case "m" -> n / 60.0;
                case "h" -> n / 3600.0;
                default -> throw new IllegalArgumentException("'" + text + "': unit must be /s, /m or /h");
            };
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("'" + text + "': rate must be positive");
            }
            return new Rate(perSecond, 0, t);
        }

        Rate withBurst(int burst) {
            return new Rate(perSecond, burst, text);
        }

        /** The generated form, written out (see {@link PolicyConfig#toString()}). */
        @Override
        public String toString() {
            return "Rate[perSecond=" + perSecond + ", burst=" + burst + ", text=" + text + "]";
        }
    }

    /** Server mode: a verified peer whose identity matches {@code peers} is forwarded to {@code forward}. */
    public record Route(IdentityAllowList peers, HostPort forward) {
        /** The generated form, written out (see {@link PolicyConfig#toString()}), with that of {@code peers}. */
        @Override
        public String toString() {
            return "Route[peers=IdentityAllowList[patterns=" + peers.patterns() + "], forward=" + forward + "]";
        }
    }
}
