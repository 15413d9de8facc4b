package io.securelink.appliance.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files {@link DevPki} generates and which key goes with which certificate, known without generating
 * anything: what {@code check-config} checks a {@code dev-pki: true} config's file names against while its
 * dev PKI does not exist yet ({@code run} makes it; a check writes and generates nothing).
 */
final class DevPkiLayout {
    /** The CA's subject as {@link DevPki} writes it. */
    static final String CA_SUBJECT = "CN=" + DevPki.CA_COMMON_NAME;

    /** Each certificate file with the key file of its (first) certificate. */
    private static final Map<String, String> KEY_OF = Map.of(
            DevPki.CA, DevPki.CA_KEY,
            DevPki.SERVER_CERT, DevPki.SERVER_KEY,
            DevPki.SERVER_LEAF, DevPki.SERVER_KEY,
            DevPki.CLIENT_CERT, DevPki.CLIENT_KEY,
            DevPki.CLIENT_LEAF, DevPki.CLIENT_KEY);

    /** The certificate files that hold the CA certificate (the CA itself, and the chains after their leaf). */
    private static final Set<String> HOLD_CA = Set.of(DevPki.CA, DevPki.SERVER_CERT, DevPki.CLIENT_CERT);

    private DevPkiLayout() {
    }

    /** Every file name {@link DevPki#ensure} writes, for messages. */
    static String names() {
        return String.join(", ", DevPki.CA, DevPki.CA_KEY, DevPki.SERVER_CERT, DevPki.SERVER_KEY, DevPki.SERVER_LEAF,
                DevPki.CLIENT_CERT, DevPki.CLIENT_KEY, DevPki.CLIENT_LEAF);
    }

    static boolean isCertificate(String name) {
        return KEY_OF.containsKey(name);
    }

    static boolean isKey(String name) {
        return KEY_OF.containsValue(name);
    }

    /** The key file that belongs to certificate file {@code name}, if the dev PKI generates it. */
    static Optional<String> keyOf(String name) {
        return Optional.ofNullable(KEY_OF.get(name));
    }

    static boolean holdsCa(String name) {
        return HOLD_CA.contains(name);
    }
}
