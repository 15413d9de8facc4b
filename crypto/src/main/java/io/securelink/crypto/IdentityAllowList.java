package io.securelink.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The peer identities a link accepts; a peer is allowed when any pattern matches what its certificate presents. */
public record IdentityAllowList(List<IdentityPattern> patterns) {
    public IdentityAllowList {
        patterns = List.copyOf(patterns);
    }

    public static IdentityAllowList parse(Collection<String> entries) throws IdentityFormatException {
        List<IdentityPattern> patterns = new ArrayList<>();
        for (String entry : entries) {
            patterns.add(IdentityPattern.parse(entry));
        }
        return new IdentityAllowList(patterns);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The first pattern, in configured order, that {@code id} matches. */
    public Optional<IdentityPattern> firstMatch(PresentedIdentity id) {
        return patterns.stream().filter(p -> p.matches(id)).findFirst();
    }
}
