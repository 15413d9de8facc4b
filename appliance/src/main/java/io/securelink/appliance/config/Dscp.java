package io.securelink.appliance.config;

import java.util.Locale;
import java.util.Map;

/**
 * A DiffServ code point for a link's packets, written as RFC 4594 names ({@code EF}, {@code CS0}..{@code CS7},
 * {@code AF11}..{@code AF43}, {@code VA}) or a number 0..63. The socket's IP_TOS / IPV6_TCLASS byte is the
 * code point shifted left by two (the low two bits belong to ECN and are left to the kernel).
 */
public record Dscp(int value) {
    private static final Map<String, Integer> NAMES = names();

    public Dscp {
        if (value < 0 || value > 63) {
            throw new IllegalArgumentException("a DSCP is 0..63, not " + value);
        }
    }

    /** Parses a name or a number; the message of the exception says what is accepted. */
    public static Dscp parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        Integer named = NAMES.get(t);
        if (named != null) {
            return new Dscp(named);
        }
        if (t.matches("\\d{1,2}")) {
            int v = Integer.parseInt(t);
            if (v <= 63) {
                return new Dscp(v);
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a DSCP (EF, CS0..CS7, AF11..AF43, VA, or a number 0..63)");
    }

    /** The traffic-class byte for IP_TOS / IPV6_TCLASS. */
    public int trafficClass() {
        return value << 2;
    }

    /** The canonical name (e.g. {@code CS5}, {@code EF}), or the number when it has none. */
    public String name() {
        for (Map.Entry<String, Integer> e : NAMES.entrySet()) {
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        return Integer.toString(value);
    }

    @Override
    public String toString() {
        return name();
    }

    private static Map<String, Integer> names() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i <= 7; i++) {
            m.put("CS" + i, i * 8);
        }
        for (int c = 1; c <= 4; c++) {
            for (int d = 1; d <= 3; d++) {
                m.put("AF" + c + d, c * 8 + d * 2);
            }
        }
        m.put("EF", 46);
        m.put("VA", 44);
        return Map.copyOf(m);
    }
}
