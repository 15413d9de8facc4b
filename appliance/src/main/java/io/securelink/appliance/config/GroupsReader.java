package io.securelink.appliance.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads {@code tls.groups} and {@code tls.require-post-quantum} of one link, with located problems. */
final class GroupsReader {
    private GroupsReader() {
    }

    static List<KeyExchangeGroup> groups(YamlSection s) {
        if (!s.has("groups")) {
            return KeyExchangeGroup.DEFAULT;
        }
        List<YamlSection.Located> raw = s.list("groups");
        List<KeyExchangeGroup> out = new ArrayList<>();
        for (YamlSection.Located l : raw) {
            Optional<KeyExchangeGroup> g = KeyExchangeGroup.parse(l.value());
            if (g.isEmpty()) {
                s.add(s.problemAt(l.mark(), l.field(), "'" + l.value() + "' is not a supported group (one of "
                        + Arrays.stream(KeyExchangeGroup.values()).map(KeyExchangeGroup::configName).collect(Collectors.joining(", ")) + ")"));
            } else if (out.contains(g.get())) {
                s.add(s.problemAt(l.mark(), l.field(), "'" + l.value() + "' is listed twice"));
            } else {
                out.add(g.get());
            }
        }
        if (out.isEmpty() && raw.size() == 0) {
            s.problem("groups", "must list at least one group (default: " + KeyExchangeGroup.DEFAULT + ")");
        }
        return List.copyOf(out);
    }

    static boolean requirePostQuantum(YamlSection s, List<KeyExchangeGroup> groups, List<String> versions) {
        boolean require = s.parsed("require-post-quantum", ConfigLoader::bool, false);
        if (!require) {
            return false;
        }
        if (!groups.isEmpty() && groups.stream().noneMatch(KeyExchangeGroup::postQuantum)) {
            s.problem("require-post-quantum", "'groups' " + groups + " has no post-quantum group, so no peer could ever connect; add X25519MLKEM768");
        }
        if (!versions.contains("TLSv1.3")) {
            s.problem("require-post-quantum", "post-quantum key exchange needs TLSv1.3, but 'versions' is " + versions);
        }
        return true;
    }
}
