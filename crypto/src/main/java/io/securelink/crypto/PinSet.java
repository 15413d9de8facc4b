package io.securelink.crypto;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SPKI pins a link accepts. A presented chain matches when any of its certificates has a pinned
 * key, so a link may pin the peer's leaf, its issuing CA or both.
 */
public record PinSet(Set<SpkiPin> pins) {
    public PinSet {
        pins = Collections.unmodifiableSet(new LinkedHashSet<>(List.copyOf(pins)));
    }

    public static PinSet of(Collection<SpkiPin> pins) {
        return new PinSet(new LinkedHashSet<>(pins));
    }

    public static PinSet parse(Collection<String> texts) throws PinFormatException {
        Set<SpkiPin> pins = new LinkedHashSet<>();
        for (String text : texts) {
            pins.add(SpkiPin.parse(text));
        }
        return new PinSet(pins);
    }

    public boolean isEmpty() {
        return pins.isEmpty();
    }

    /**
     * The pin of the first certificate of {@code chain} (leaf first) whose public key is pinned, if any. Each
     * certificate's key is hashed once, so a caller that needs the pin as well as the verdict asks only this.
     */
    public Optional<SpkiPin> firstMatch(List<X509Certificate> chain) {
        for (X509Certificate cert : chain) {
            SpkiPin pin = SpkiPin.of(cert);
            if (pins.contains(pin)) {
                return Optional.of(pin);
            }
        }
        return Optional.empty();
    }
}
