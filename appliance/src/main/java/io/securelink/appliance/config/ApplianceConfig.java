package io.securelink.appliance.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, fully validated snapshot of the configuration with its key material loaded. The runtime
 * only ever holds whole snapshots: a reload builds a new one and swaps it in, and live connections keep
 * the snapshot they started with. {@code digest} is the SHA-256 of the canonical form (including the
 * contents of every file named), so two appliances running the same config report the same digest;
 * {@code ha} is present on a member of an active/standby pair;
 * {@code files} is every file the config names plus the config itself, which is what a reload re-reads.
 */
public record ApplianceConfig(
        Path source,
        ApplianceSection appliance,
        Map<String, LinkConfig> links,
        Optional<StatusConfig> status,
        Optional<HaConfig> ha,
        String digest,
        Set<Path> files) {

    public ApplianceConfig {
        files = Set.copyOf(files);
    }
}
