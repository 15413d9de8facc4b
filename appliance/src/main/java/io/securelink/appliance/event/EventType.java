package io.securelink.appliance.event;

/** What happened; each type maps to one alert or change that operators and the audit log care about. */
public enum EventType {
    STARTED(Severity.INFO),
    STOPPING(Severity.INFO),
    LINK_UP(Severity.INFO),
    LINK_DOWN(Severity.WARNING),
    /** A link closed by a clean stop: expected, so not a warning. */
    LINK_STOPPED(Severity.INFO),
    CONNECTION_DENIED(Severity.WARNING),
    LIMIT_HIT(Severity.WARNING),
    PIN_FAILED(Severity.ALERT),
    IDENTITY_REFUSED(Severity.ALERT),
    CHAIN_REFUSED(Severity.ALERT),
    /** A handshake refused because a certificate of the peer's chain is revoked. */
    CERT_REVOKED(Severity.ALERT),
    /** A live connection closed because a certificate of its peer's chain is now revoked. */
    CONNECTION_REVOKED(Severity.ALERT),
    /** A CRL is past its nextUpdate, or its signature does not verify against the issuing CA. */
    CRL_UNUSABLE(Severity.ALERT),
    /** A CRL is within 24 hours of its nextUpdate. */
    CRL_EXPIRING(Severity.WARNING),
    /** With ocsp: soft, a peer let in without an OCSP answer (timeout, error, invalid or unknown answer). */
    OCSP_UNAVAILABLE(Severity.WARNING),
    /** An OCSP responder failed several times in a row. */
    OCSP_FAILING(Severity.ALERT),
    HANDSHAKE_FAILED(Severity.WARNING),
    /** A listening socket could not accept (above all: out of file descriptors); accepting pauses briefly. */
    ACCEPT_FAILED(Severity.WARNING),
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
    AUDIT_RESUMED(Severity.INFO),
    /** The disk holding the audit log has little room left (rotated files are never deleted by the appliance). */
    AUDIT_SPACE_LOW(Severity.WARNING),
    /** The MQTT event journal cannot write (e.g. a full disk): events are counted as dropped, not published. */
    JOURNAL_DEGRADED(Severity.ALERT),
    /** The MQTT event journal writes again; how many events the outage dropped. */
    JOURNAL_RESUMED(Severity.INFO);

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
