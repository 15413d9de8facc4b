package io.securelink.appliance.hardening;

import io.securelink.appliance.config.CidrBlock;
import java.util.List;

/**
 * What the firewall needs beyond the appliance config: the management networks SSH is open to (at
 * least one, or the appliance could only be reached on its console) and the SSH port.
 */
public record FirewallOptions(List<CidrBlock> sshFrom, int sshPort) {
    public FirewallOptions {
        sshFrom = List.copyOf(sshFrom);
        if (sshFrom.isEmpty()) {
            throw new IllegalArgumentException("at least one management network (--ssh-from CIDR) is required");
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("SSH port " + sshPort + " is outside 1-65535");
        }
    }
}
