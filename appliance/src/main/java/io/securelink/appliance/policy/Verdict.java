package io.securelink.appliance.policy;

/** The outcome of a policy check; every verdict is counted per link. */
public enum Verdict {
    ALLOWED,
    SOURCE_DENIED,
    RATE_LIMITED,
    OVER_LIMIT,
    HANDSHAKE_LIMIT,
    /** A connection still handshaking was reset to make room for a source holding fewer handshakes. */
    HANDSHAKE_EVICTED,
    IDENTITY_DENIED,
    PIN_FAILED,
    CHAIN_REFUSED,
    NO_ROUTE;

    /** The wire name used in counters, events and status, e.g. {@code source-denied}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
