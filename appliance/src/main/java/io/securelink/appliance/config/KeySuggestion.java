package io.securelink.appliance.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The key a misspelt config key was probably meant to be ({@code forwrad} for {@code forward},
 * {@code client_auth} for {@code client-auth}), so an "unknown key" problem can say what to write
 * instead. Only close matches count: at most two edits (insert, delete, substitute, or swap two
 * neighbours), or the same key with other case or {@code _} for {@code -}.
 */
final class KeySuggestion {
    private static final int MAX_EDITS = 2;

    private KeySuggestion() {
    }

    /** The closest of {@code known} to {@code unknown}, when one is close enough to be a typo of it. */
    static Optional<String> of(String unknown, Collection<String> known) {
        String u = normalised(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.equals(unknown)) {
                continue;
            }
            int d = normalised(k).equals(u) ? 0 : distance(u, normalised(k));
            // Short keys (ip, id) would match almost anything within two edits: allow one edit per three letters.
            if (d <= Math.min(MAX_EDITS, Math.max(1, k.length() / 3)) && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String normalised(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Optimal string alignment distance: Levenshtein plus a swap of two neighbouring letters as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
