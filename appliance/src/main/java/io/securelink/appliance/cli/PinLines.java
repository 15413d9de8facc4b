package io.securelink.appliance.cli;

import io.securelink.crypto.PinnedItem;

/** One output line per pin: the pin first (so {@code cut -d' ' -f1} gives a pin list), then what it is. */
final class PinLines {
    private PinLines() {
    }

    static String format(String source, PinnedItem item) {
        StringBuilder sb = new StringBuilder(item.pin().toString()).append("  ").append(source).append(" (").append(item.kind()).append(')');
        if (item.subject() != null) {
            sb.append(" subject=").append(item.subject());
        }
        if (item.issuer() != null) {
            sb.append(" issuer=").append(item.issuer());
        }
        if (item.notAfter() != null) {
            sb.append(" notAfter=").append(item.notAfter());
        }
        return sb.toString();
    }
}
