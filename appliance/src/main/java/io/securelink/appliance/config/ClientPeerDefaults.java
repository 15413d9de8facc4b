package io.securelink.appliance.config;

import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.IdentityFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client link with no {@code peers} accepts the identity its endpoints are named by, as a browser
 * would: {@code dns:NAME} for host names, {@code ip:ADDR} for literals.
 */
final class ClientPeerDefaults {
    private ClientPeerDefaults() {
    }

    static IdentityAllowList fromEndpoints(List<HostPort> endpoints) {
        List<String> ids = new ArrayList<>();
        for (HostPort hp : endpoints) {
            boolean literal = hp.host().matches("\\d{1,3}(\\.\\d{1,3}){3}") || hp.host().contains(":");
            String id = (literal ? "ip:" : "dns:") + hp.host();
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        try {
            return IdentityAllowList.parse(ids);
        } catch (IdentityFormatException e) {
            throw new IllegalArgumentException("endpoint names must form valid identities: " + e.getMessage(), e);
        }
    }
}
