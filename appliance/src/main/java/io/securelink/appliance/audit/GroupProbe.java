package io.securelink.appliance.audit;

import io.securelink.appliance.config.HostPort;
import io.securelink.appliance.config.KeyExchangeGroup;
import io.securelink.crypto.BouncyCastleJsse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;

/**
 * Which TLS 1.3 key-exchange groups a live listener accepts and which it prefers. Debian 12's
 * {@code openssl} cannot offer a post-quantum group, so this handshakes in-process with Bouncy Castle's
 * JSSE client: one handshake per group offered alone (accepted when the listener picks it), then one
 * offering every group in securelink's order and one in the reverse order (the listener's pick in
 * both is its preference; the same pick in both means it prefers it whatever the client lists first).
 */
public final class GroupProbe {
    private final HostPort target;
    private final KeyManager[] keyManagers;
    private final Duration timeout;

    /**
     * @param accepted          groups the listener completed a key exchange with, in securelink's order
     * @param preferred         its pick when offered every group, X25519MLKEM768 first (null if none)
     * @param preferredReversed its pick when offered every group in the reverse order (null if none)
     */
    public record Result(List<String> accepted, String preferred, String preferredReversed) {
    }

    public GroupProbe(HostPort target, KeyManager[] keyManagersOrNull, Duration timeout) {
        this.target = target;
        this.keyManagers = keyManagersOrNull;
        this.timeout = timeout;
    }

    public Result probe() throws IOException {
        List<String> accepted = new ArrayList<>();
        List<KeyExchangeGroup> all = List.of(KeyExchangeGroup.values());
        for (KeyExchangeGroup g : all) {
            Optional<String> pick = choice(List.of(g.jsseName()));
            if (pick.isPresent() && KeyExchangeGroup.displayName(pick.get()).equals(g.configName())) {
                accepted.add(g.configName());
            }
        }
        List<String> forward = all.stream().map(KeyExchangeGroup::jsseName).toList();
        List<String> reverse = new ArrayList<>(forward);
        java.util.Collections.reverse(reverse);
        return new Result(List.copyOf(accepted), choice(forward).map(KeyExchangeGroup::displayName).orElse(null),
                choice(reverse).map(KeyExchangeGroup::displayName).orElse(null));
    }

    private Optional<String> choice(List<String> groups) throws IOException {
        return BouncyCastleJsse.serverChoice(target.host(), target.port(), groups, keyManagers, (int) timeout.toMillis());
    }

    /** {@code probe.no-post-quantum} (medium) and {@code probe.post-quantum-not-preferred} (low). */
    public static List<Finding> findings(String subject, Result r) {
        List<Finding> out = new ArrayList<>();
        String seen = "accepts " + r.accepted() + "; picks " + r.preferred() + " from a full offer, " + r.preferredReversed()
                + " when X25519MLKEM768 is listed last";
        String pq = KeyExchangeGroup.X25519MLKEM768.configName();
        if (!r.accepted().contains(pq)) {
            out.add(new Finding("probe.no-post-quantum", Severity.MEDIUM, subject, seen
                    + ": no post-quantum key exchange, so recorded traffic can be decrypted once a quantum computer exists",
                    "enable X25519MLKEM768 on the listener (securelink: the default tls.groups; OpenSSL 3.5+, BoringSSL, Go 1.24+)"));
        } else if (!pq.equals(r.preferred())) {
            out.add(new Finding("probe.post-quantum-not-preferred", Severity.LOW, subject, seen
                    + ": a client offering X25519MLKEM768 first still gets a classical group",
                    "list X25519MLKEM768 first among the listener's groups"));
        }
        return out;
    }
}
