package io.securelink.appliance.hardening;

/**
 * One hardening measure and whether it is in force on this host. {@code UNKNOWN} is for a measure this
 * host cannot report on (e.g. no systemd-analyze); it is listed but does not fail the check. A measure
 * is a state, not a finding: the appliance has one {@code Finding} and one {@code Severity}, the
 * security audit's ({@link io.securelink.appliance.audit.Finding}).
 */
public record Measure(String area, String subject, State state, String detail) {
    public enum State { IN_FORCE, NOT_IN_FORCE, UNKNOWN }

    public static Measure inForce(String area, String subject, String detail) {
        return new Measure(area, subject, State.IN_FORCE, detail);
    }

    public static Measure notInForce(String area, String subject, String detail) {
        return new Measure(area, subject, State.NOT_IN_FORCE, detail);
    }

    public static Measure unknown(String area, String subject, String detail) {
        return new Measure(area, subject, State.UNKNOWN, detail);
    }

    /** One report line: {@code ok   }, {@code FAIL }, or {@code ??   }, then area, subject and detail. */
    public String line() {
        String mark = switch (state) {
            case IN_FORCE -> "ok  ";
            case NOT_IN_FORCE -> "FAIL";
            case UNKNOWN -> "??  ";
        };
        return mark + " " + area + ": " + subject + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
