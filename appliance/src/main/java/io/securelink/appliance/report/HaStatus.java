package io.securelink.appliance.report;

import java.time.Instant;
import java.util.List;

/**
 * This appliance's place in an active/standby pair, as status reports it: the VRRP role keepalived last
 * reported ({@code master}, {@code backup}, {@code fault}, {@code stop}, or {@code unknown} before the first
 * report), since when, how many role changes since start, and the health published for keepalived with
 * the reasons when unhealthy.
 */
public record HaStatus(String role, Instant roleSince, long roleChanges, boolean healthy, List<String> problems) {
    public HaStatus {
        problems = List.copyOf(problems);
    }
}
