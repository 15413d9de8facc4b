package io.securelink.crypto;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One allowed peer identity: {@code dns:NAME} (exact, or {@code *.} as the whole leftmost label
 * matching exactly one label), {@code uri:URI} (exact), {@code ip:ADDR} (same address bytes) or
 * {@code cn:NAME} (subject CN, case-insensitive). DNS matching ignores case and a trailing dot and
 * never looks at the CN, so a CN cannot stand in for a missing SAN.
 */
public record IdentityPattern(Kind kind, String value) {
    /** The kind of name a pattern is compared with. */
    public enum Kind {
        DNS, URI, IP, CN;

        /** The text form's prefix, e.g. {@code dns:}. */
        public String prefix() {
            return name().toLowerCase(Locale.ROOT) + ":";
        }
    }

    private static final String KINDS = "dns:, uri:, ip: or cn:";
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    public IdentityPattern {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        try {
            check(kind, value);
        } catch (IdentityFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Parses {@code kind:value}; the kind prefix is case-insensitive, surrounding whitespace is ignored. */
    public static IdentityPattern parse(String text) throws IdentityFormatException {
        if (text == null || text.isBlank()) {
            throw new IdentityFormatException("empty identity (expected " + KINDS + " followed by a value)");
        }
        String entry = text.strip();
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw new IdentityFormatException("identity '" + entry + "' has no kind (expected " + KINDS
                    + " prefix, e.g. dns:" + entry + ")");
        }
        String prefix = entry.substring(0, colon);
        String value = entry.substring(colon + 1);
        Kind kind = switch (prefix.toLowerCase(Locale.ROOT)) {
            case "dns" -> Kind.DNS;
            case "uri" -> Kind.URI;
            case "ip" -> Kind.IP;
            case "cn" -> Kind.CN;
            default -> throw new IdentityFormatException("unknown identity kind '" + prefix + "' in '" + entry
                    + "' (expected " + KINDS + ")" + (value.startsWith("//") ? "; for a URI write uri:" + entry : ""));
        };
        check(kind, value);
        return new IdentityPattern(kind, value);
    }

    private static void check(Kind kind, String value) throws IdentityFormatException {
        String entry = kind.prefix() + value;
        if (value.isBlank()) {
            throw new IdentityFormatException("empty value in identity '" + entry + "'");
        }
        if (!value.strip().equals(value)) {
            throw new IdentityFormatException("identity '" + entry + "' has whitespace around its value");
        }
        switch (kind) {
            case DNS -> checkDns(entry, value);
            case URI -> checkUri(entry, value);
            case IP -> {
                if (IpLiterals.parse(value).isEmpty()) {
                    throw new IdentityFormatException("'" + value + "' in identity '" + entry
                            + "' is not an IPv4 or IPv6 address");
                }
            }
            case CN -> {
            }
        }
    }

    private static void checkDns(String entry, String value) throws IdentityFormatException {
        String name = withoutTrailingDot(value);
        if (name.isEmpty()) {
            throw new IdentityFormatException("empty DNS name in identity '" + entry + "'");
        }
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.contains("*")) {
                if (i != 0 || !label.equals("*")) {
                    throw new IdentityFormatException("wildcard in identity '" + entry
                            + "' must be the whole leftmost label, as in dns:*.carrier.example");
                }
                if (labels.length < 3) {
                    throw new IdentityFormatException("wildcard identity '" + entry
                            + "' is too broad: it needs at least two labels after '*.'");
                }
            } else if (!DNS_LABEL.matcher(label).matches()) {
                throw new IdentityFormatException("'" + label + "' in identity '" + entry + "' is not a valid DNS label"
                        + (label.isEmpty() ? " (empty label)" : "")
                        + (label.chars().anyMatch(c -> c > 127) ? " (write internationalized names in xn-- form)" : ""));
            }
        }
        if (name.length() > 253) {
            throw new IdentityFormatException("DNS name in identity '" + entry + "' is longer than 253 characters");
        }
    }

    private static void checkUri(String entry, String value) throws IdentityFormatException {
        try {
            if (!new URI(value).isAbsolute()) {
                throw new IdentityFormatException("'" + value + "' in identity '" + entry
                        + "' is not an absolute URI (expected e.g. uri:spiffe://carrier/voice)");
            }
        } catch (URISyntaxException e) {
            throw new IdentityFormatException("'" + value + "' in identity '" + entry + "' is not a valid URI: "
                    + e.getReason());
        }
    }

    public boolean matches(PresentedIdentity id) {
        return switch (kind) {
            case DNS -> id.dnsNames().stream().anyMatch(this::matchesDnsName);
            case URI -> id.uris().contains(value);
            case IP -> {
                byte[] wanted = IpLiterals.parse(value).map(InetAddress::getAddress).orElseThrow();
                yield id.ips().stream().anyMatch(ip -> Arrays.equals(ip.getAddress(), wanted));
            }
            case CN -> id.commonNames().stream().anyMatch(value::equalsIgnoreCase);
        };
    }

    private boolean matchesDnsName(String presented) {
        String pattern = withoutTrailingDot(value).toLowerCase(Locale.ROOT);
        String name = withoutTrailingDot(presented).toLowerCase(Locale.ROOT);
        if (!pattern.startsWith("*.")) {
            return name.equals(pattern);
        }
        String suffix = pattern.substring(1);
        if (!name.endsWith(suffix)) {
            return false;
        }
        String firstLabel = name.substring(0, name.length() - suffix.length());
        return !firstLabel.isEmpty() && firstLabel.indexOf('.') < 0;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** The text form, e.g. {@code dns:*.carrier.example}. */
    @Override
    public String toString() {
        return kind.prefix() + value;
    }
}
