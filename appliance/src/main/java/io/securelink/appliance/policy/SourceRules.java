package io.securelink.appliance.policy;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.PolicyConfig;
import java.net.InetAddress;
import java.util.List;

/**
 * Who may connect at all: {@code deny-sources} wins over {@code sources}; an address in neither is
 * denied (default deny). Pure and stateless, so it is safe to share across threads and snapshots. Both
 * lists are indexed ({@link CidrIndex}), so a thousand rules cost a few hash lookups per accept.
 */
public final class SourceRules {
    private final CidrIndex allowIndex;
    private final CidrIndex denyIndex;
    private final Decision defaultDeny;

    public SourceRules(List<CidrBlock> allow, List<CidrBlock> deny) {
        this.defaultDeny = new Decision(Verdict.SOURCE_DENIED, allow.isEmpty()
                ? "default deny: the link lists no sources"
                : "default deny: not in sources " + List.copyOf(allow));
        this.allowIndex = new CidrIndex(allow);
        this.denyIndex = new CidrIndex(deny);
    }

    public static SourceRules of(PolicyConfig p) {
        return new SourceRules(p.sources(), p.denySources());
    }

    public Decision evaluate(InetAddress source) {
        CidrBlock d = denyIndex.firstMatch(source);
        if (d != null) {
            return new Decision(Verdict.SOURCE_DENIED, "deny-sources " + d);
        }
        CidrBlock a = allowIndex.firstMatch(source);
        if (a != null) {
            return new Decision(Verdict.ALLOWED, "sources " + a);
        }
        return defaultDeny;
    }
}
