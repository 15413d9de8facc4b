package io.securelink.appliance.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A TLS key-exchange group a link may offer ({@code tls.groups}), with the name each TLS
 * implementation knows it by. {@link #X25519MLKEM768} is the IETF hybrid of X25519 and ML-KEM-768: a
 * session keyed with it stays confidential even against an attacker who records it now and owns a
 * quantum computer later; the others are classical (and all TLS 1.2 can use).
 */
public enum KeyExchangeGroup {
    X25519MLKEM768("X25519MLKEM768", "X25519MLKEM768", true),
    X25519("X25519", "x25519", false),
    P_256("P-256", "secp256r1", false),
    P_384("P-384", "secp384r1", false),
    P_521("P-521", "secp521r1", false);

    /** Offered on every link that does not say otherwise, most preferred first. */
    public static final List<KeyExchangeGroup> DEFAULT = List.of(X25519MLKEM768, X25519, P_256);

    /** Every accepted name, lower case (read once per connection, for its log line and counters). */
    private static final Map<String, KeyExchangeGroup> BY_NAME = byName();

    private final String configName;
    private final String jsseName;
    private final boolean postQuantum;

    KeyExchangeGroup(String configName, String jsseName, boolean postQuantum) {
        this.configName = configName;
        this.jsseName = jsseName;
        this.postQuantum = postQuantum;
    }

    /** The name used in the config, logs and status; BoringSSL accepts the same names. */
    public String configName() {
        return configName;
    }

    /** The name in JSSE providers' named-group lists (Bouncy Castle JSSE, {@code jdk.tls.namedGroups}). */
    public String jsseName() {
        return jsseName;
    }

    public boolean postQuantum() {
        return postQuantum;
    }

    /** Accepts the config names and the usual aliases (x25519, secp256r1, prime256v1...), any case. */
    public static Optional<KeyExchangeGroup> parse(String name) {
        return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * Whether a group name as a TLS stack reports it (BoringSSL, JSSE, IANA names alike) is a
     * post-quantum one: any hybrid or pure ML-KEM or Kyber group counts, also ones securelink cannot offer.
     */
    public static boolean isPostQuantumName(String reported) {
        String n = reported == null ? "" : reported.toLowerCase(Locale.ROOT);
        return n.contains("mlkem") || n.contains("kyber");
    }

    /** The config name for a reported group name where one matches, else the name as reported. */
    public static String displayName(String reported) {
        if (reported == null || reported.isBlank()) {
            return "unknown";
        }
        return parse(reported).map(KeyExchangeGroup::configName).orElse(reported);
    }

    private static Map<String, KeyExchangeGroup> byName() {
        Map<String, KeyExchangeGroup> m = new HashMap<>();
        for (KeyExchangeGroup g : values()) {
            m.putIfAbsent(g.configName.toLowerCase(Locale.ROOT), g);
            m.putIfAbsent(g.jsseName.toLowerCase(Locale.ROOT), g);
        }
        m.putIfAbsent("prime256v1", P_256);
        return Map.copyOf(m);
    }

    @Override
    public String toString() {
        return configName;
    }
}
