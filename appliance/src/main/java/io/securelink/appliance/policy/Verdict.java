package io.securelink.appliance.policy;

import io.securelink.appliance.event.EventType;

/**
 * The outcome of a policy check; every verdict is counted per link. This is the one mapping between
 * refusal kind, verdict and the event a refusal raises.
 */
public enum Verdict {
    ALLOWED(null),
    SOURCE_DENIED(EventType.CONNECTION_DENIED),
    RATE_LIMITED(EventType.LIMIT_HIT),
    OVER_LIMIT(EventType.LIMIT_HIT),
    HANDSHAKE_LIMIT(EventType.LIMIT_HIT),
    /** A connection still handshaking was reset to make room for a source holding fewer handshakes. */
    HANDSHAKE_EVICTED(EventType.LIMIT_HIT),
    IDENTITY_DENIED(EventType.IDENTITY_REFUSED),
    PIN_FAILED(EventType.PIN_FAILED),
    CHAIN_REFUSED(EventType.CHAIN_REFUSED),
    REVOKED(EventType.CERT_REVOKED),
    NO_ROUTE(EventType.NO_ROUTE);

    private final EventType event;

    Verdict(EventType event) {
        this.event = event;
    }

    /** The wire name used in counters, events and status, e.g. {@code source-denied}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The event a refusal with this verdict raises; {@link #ALLOWED} raises none. */
    public EventType eventType() {
        if (event == null) {
            throw new IllegalStateException("an allowed connection raises no refusal event");
        }
        return event;
    }

    /** The verdict of a refusal made during the TLS handshake, from the event type the verifier raised. */
    public static Verdict ofHandshakeRefusal(EventType type) {
        return switch (type) {
            case PIN_FAILED -> PIN_FAILED;
            case IDENTITY_REFUSED -> IDENTITY_DENIED;
            case CERT_REVOKED -> REVOKED;
            default -> CHAIN_REFUSED;
        };
    }
}
