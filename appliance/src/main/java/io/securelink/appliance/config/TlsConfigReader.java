package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.PinSet;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads and checks one link's {@code tls} section, loading its key material. */
final class TlsConfigReader {
    static final String PINS_ONLY = "pins-only";

    private TlsConfigReader() {
    }

    static TlsConfig read(String link, YamlSection s, LinkMode mode, List<HostPort> connect, ConfigLoader.Context ctx) {
        int before = ctx.problems().size();
        Optional<Path> cert = s.required("certificate").map(ctx::resolve);
        Optional<Path> key = s.required("key").map(ctx::resolve);
        Optional<Path> passFile = s.string("key-passphrase-file").map(ctx::resolve);
        Optional<String> trustText = s.required("trust");
        ClientAuth clientAuth = ClientAuth.REQUIRED;
        if (s.has("client-auth")) {
            if (mode == LinkMode.CLIENT) {
                s.problem("client-auth", "applies to server-mode links only (a client link always presents its certificate)");
                s.nodeOf("client-auth");
            } else {
                clientAuth = s.parsed("client-auth", v -> {
                    try {
                        return ClientAuth.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + v + "' is not required, optional or none");
                    }
                }, ClientAuth.REQUIRED);
            }
        }
        PinSet pins = TlsFields.pins(s, ctx);
        IdentityAllowList peers = TlsFields.identities(s, "peers");
        List<String> versions = TlsFields.versions(s);
        List<KeyExchangeGroup> groups = GroupsReader.groups(s);
        boolean requirePq = GroupsReader.requirePostQuantum(s, groups, versions);
        RevocationConfig revocation = RevocationConfigReader.read(s, ctx);
        s.rejectUnknownKeys();

        Optional<Path> trust = Optional.empty();
        List<X509Certificate> anchors = List.of();
        if (trustText.isPresent() && !trustText.get().equals(PINS_ONLY)) {
            trust = Optional.of(ctx.resolve(trustText.get()));
            anchors = TlsFields.trustBundle(s, ctx, "trust", trust.get());
        } else if (trustText.isPresent() && pins.isEmpty()) {
            s.problem("trust", "'pins-only' replaces the CA check with pins, so 'pins' must list at least one pin");
        }
        if (mode == LinkMode.SERVER && clientAuth == ClientAuth.NONE && (!pins.isEmpty() || !peers.isEmpty())) {
            s.problem("client-auth", "'none' cannot enforce the pins or peers of link '" + link + "'; use required");
        }
        if (mode == LinkMode.CLIENT && peers.isEmpty() && !connect.isEmpty()) {
            peers = ClientPeerDefaults.fromEndpoints(connect);
        }
        Optional<Credentials> creds = cert.isPresent() && key.isPresent()
                ? TlsFields.credentials(s, ctx, cert.get(), key.get(), passFile)
                : Optional.empty();
        // A dev PKI not made yet (check-config only): its names were checked; the credentials come with run.
        boolean pendingCreds = cert.isPresent() && key.isPresent() && (ctx.pending(cert.get()) || ctx.pending(key.get()));
        if (ctx.problems().size() > before || (creds.isEmpty() && !pendingCreds)) {
            return null;
        }
        return new TlsConfig(cert.get(), key.get(), passFile, trust, clientAuth, pins, peers, versions, creds.orElse(null), anchors,
                groups, requirePq, revocation);
    }
}
