package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.PinSet;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The TLS side of one link as configured, with its key material already loaded and checked, so a
 * snapshot either has usable credentials for every link or is not a snapshot at all.
 *
 * @param trust      the trust bundle file, or empty for {@code pins-only} (then {@code anchors} is empty
 *                   and pins replace the CA check)
 * @param versions   protocol names in preference order, from {@code TLSv1.3} and {@code TLSv1.2}
 * @param groups     key-exchange groups offered, most preferred first ({@link KeyExchangeGroup#DEFAULT}
 *                   unless {@code tls.groups} says otherwise)
 * @param requirePostQuantum refuse every peer that does not negotiate a post-quantum group
 */
public record TlsConfig(
        Path certificate,
        Path key,
        Optional<Path> keyPassphraseFile,
        Optional<Path> trust,
        ClientAuth clientAuth,
        PinSet pins,
        IdentityAllowList peers,
        List<String> versions,
        Credentials credentials,
        List<X509Certificate> anchors,
        List<KeyExchangeGroup> groups,
        boolean requirePostQuantum) {

    public boolean pinsOnly() {
        return trust.isEmpty();
    }

    /** Whether this link offers at least one post-quantum group. */
    public boolean offersPostQuantum() {
        return groups.stream().anyMatch(KeyExchangeGroup::postQuantum);
    }

    /**
     * The groups actually put on the wire: with {@code require-post-quantum} only the post-quantum ones,
     * so a classical-only peer fails the handshake itself and no classical session ever carries data.
     */
    public List<KeyExchangeGroup> effectiveGroups() {
        return requirePostQuantum ? groups.stream().filter(KeyExchangeGroup::postQuantum).toList() : groups;
    }
}
