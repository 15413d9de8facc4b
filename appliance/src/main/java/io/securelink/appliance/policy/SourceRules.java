package io.securelink.appliance.policy;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.PolicyConfig;
import java.net.InetAddress;
import java.util.List;

/**
 * Who may connect at all: {@code deny-sources} wins over {@code sources}; an address in neither is
 * denied (default deny). Pure and stateless, so it is safe to share across threads and snapshots.
 */
public final class SourceRules {
    private final List<CidrBlock> allow;
    private final List<CidrBlock> deny;

    public SourceRules(List<CidrBlock> allow, List<CidrBlock> deny) {
        this.allow = List.copyOf(allow);
        this.deny = List.copyOf(deny);
    }

    public static SourceRules of(PolicyConfig p) {
        return new SourceRules(p.sources(), p.denySources());
    }

    public Decision evaluate(InetAddress source) {
        for (CidrBlock d : deny) {
            if (d.contains(source)) {
                return new Decision(Verdict.SOURCE_DENIED, "deny-sources " + d);
            }
        }
        for (CidrBlock a : allow) {
            if (a.contains(source)) {
                return new Decision(Verdict.ALLOWED, "sources " + a);
            }
        }
        return new Decision(Verdict.SOURCE_DENIED, allow.isEmpty()
                ? "default deny: the link lists no sources"
                : "default deny: not in sources " + allow);
    }
}
