package io.securelink.appliance.event;

/** What happened; each type maps to one alert or change that operators and the audit log care about. */
public enum EventType {
    STARTED(Severity.INFO),
    STOPPING(Severity.INFO),
    LINK_UP(Severity.INFO),
    LINK_DOWN(Severity.WARNING),
    CONNECTION_DENIED(Severity.WARNING),
    LIMIT_HIT(Severity.WARNING),
    PIN_FAILED(Severity.ALERT),
    IDENTITY_REFUSED(Severity.ALERT),
    CHAIN_REFUSED(Severity.ALERT),
    HANDSHAKE_FAILED(Severity.WARNING),
    NO_ROUTE(Severity.WARNING),
    UPSTREAM_FAILED(Severity.WARNING),
    UPSTREAM_FAILOVER(Severity.WARNING),
    PEER_LOST(Severity.WARNING),
    ROLE_CHANGED(Severity.WARNING),
    HEALTH_CHANGED(Severity.WARNING),
    RELOAD_APPLIED(Severity.INFO),
    RELOAD_REFUSED(Severity.WARNING),
    CERT_EXPIRING(Severity.WARNING),
    COMMAND_SERVED(Severity.INFO),
    /** Event sequence numbers that will never be delivered (journal damage, an unclean stop). */
    JOURNAL_GAP(Severity.WARNING),
    /** The audit log cannot write (e.g. a full disk): records are counted, not written. */
    AUDIT_DEGRADED(Severity.ALERT),
    /** The audit log writes again; the loss is in a signed audit-gap record. */
    AUDIT_RESUMED(Severity.INFO);

    private final Severity severity;

    EventType(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** The wire name used in logs, MQTT and the audit log, e.g. {@code pin-failed}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public enum Severity { INFO, WARNING, ALERT }
}
