package io.securelink.appliance.config;

import io.securelink.crypto.IdentityAllowList;
import java.util.ArrayList;
import java.util.List;

/** Reads a link's {@code policy} section. Missing limits take safe defaults; missing sources deny everyone. */
final class PolicyConfigReader {
    private PolicyConfigReader() {
    }

    static PolicyConfig read(YamlSection s, LinkMode mode, ConfigLoader.Context ctx) {
        List<CidrBlock> sources = cidrs(s, "sources", true);
        List<CidrBlock> deny = cidrs(s, "deny-sources", false);
        int maxConnections = count(s, "max-connections", PolicyConfig.DEFAULT_MAX_CONNECTIONS);
        int perSource = count(s, "max-connections-per-source", PolicyConfig.DEFAULT_MAX_PER_SOURCE);
        int handshakes = count(s, "max-handshakes-in-flight", PolicyConfig.DEFAULT_MAX_HANDSHAKES);
        int handshakesPerSource = count(s, "max-handshakes-in-flight-per-source", PolicyConfig.DEFAULT_MAX_HANDSHAKES_PER_SOURCE);
        int ipv6Prefix = s.parsed("ipv6-source-prefix", v -> {
            try {
                int n = Integer.parseInt(v.trim().startsWith("/") ? v.trim().substring(1) : v.trim());
                if (n < 1 || n > 128) {
                    throw new IllegalArgumentException("must be a prefix length from 1 to 128 (default 64)");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a prefix length (e.g. 64 or /56)");
            }
        }, io.securelink.appliance.policy.SourceKey.DEFAULT_IPV6_PREFIX);
        PolicyConfig.Rate rate = null;
        if (s.has("rate")) {
            YamlSection r = s.section("rate");
            rate = r.parsed("per-source", PolicyConfig.Rate::parse).orElse(null);
            if (rate == null && !r.has("per-source")) {
                r.problem("per-source", "is required (e.g. 10/s)");
            }
            int burst = count(r, "burst", rate == null ? 1 : (int) Math.max(1, Math.ceil(rate.perSecond())));
            if (burst < 1) {
                r.problem("burst", "must be at least 1");
            }
            r.rejectUnknownKeys();
            rate = rate == null ? null : rate.withBurst(burst);
        } else {
            s.nodeOf("rate");
        }
        List<PolicyConfig.Route> routes = new ArrayList<>();
        List<YamlSection> routeSections = s.sections("routes");
        if (!routeSections.isEmpty() && mode == LinkMode.CLIENT) {
            s.problem("routes", "routes pick a backend by peer identity, so they apply to server-mode links only");
        }
        for (YamlSection rs : routeSections) {
            IdentityAllowList peers = TlsFields.identities(rs, "peers");
            if (peers.isEmpty() && !rs.has("peers")) {
                rs.problem("peers", "is required: the identities this route is for");
            }
            rs.required("forward");
            rs.parsed("forward", HostPort::parse).ifPresent(f -> routes.add(new PolicyConfig.Route(peers, f)));
            rs.rejectUnknownKeys();
        }
        s.rejectUnknownKeys();
        if (sources.isEmpty()) {
            ctx.warnings().add(new ConfigProblem(s.file(), 0, 0, s.field("sources"),
                    "no sources: this link accepts no connections at all (default deny); list CIDRs or write 'any'"));
        }
        return new PolicyConfig(List.copyOf(sources), List.copyOf(deny), maxConnections, perSource, rate, handshakes, List.copyOf(routes),
                handshakesPerSource, ipv6Prefix);
    }

    private static List<CidrBlock> cidrs(YamlSection s, String key, boolean anyAllowed) {
        List<CidrBlock> out = new ArrayList<>();
        List<YamlSection.Located> items = s.list(key);
        if (anyAllowed && items.size() == 1 && items.get(0).value().trim().equalsIgnoreCase("any")) {
            return List.of(CidrBlock.parse("0.0.0.0/0"), CidrBlock.parse("::/0"));
        }
        for (YamlSection.Located l : items) {
            try {
                out.add(CidrBlock.parse(l.value()));
            } catch (IllegalArgumentException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        return out;
    }

    /**
     * A limit: a positive whole number, or the word {@code unlimited} (stored as 0). A written 0 is refused:
     * it used to mean unlimited silently, which reads like "nothing allowed".
     */
    static int count(YamlSection s, String key, int fallback) {
        return s.parsed(key, v -> {
            if (v.trim().equalsIgnoreCase("unlimited")) {
                return 0;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < 0) {
                    throw new IllegalArgumentException("must not be negative");
                }
                if (n == 0) {
                    throw new IllegalArgumentException("0 is not a limit: write a positive number, or 'unlimited' for no limit");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a whole number (or 'unlimited')");
            }
        }, fallback);
    }
}
