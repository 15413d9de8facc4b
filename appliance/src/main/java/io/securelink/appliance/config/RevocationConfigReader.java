package io.securelink.appliance.config;

import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.RevocationList;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads and checks one link's {@code tls.revocation} section, reading every CRL file it names. */
final class RevocationConfigReader {
    private RevocationConfigReader() {
    }

    static RevocationConfig read(YamlSection tls, ConfigLoader.Context ctx) {
        if (!tls.has("revocation")) {
            return RevocationConfig.NONE;
        }
        YamlSection s = tls.section("revocation");
        List<Path> files = new ArrayList<>();
        List<RevocationList> crls = new ArrayList<>();
        for (YamlSection.Located l : s.list("crl")) {
            Path p = ctx.resolve(l.value());
            if (!Files.isReadable(p)) {
                s.add(s.problemAt(l.mark(), l.field(), "file " + p + " does not exist or is not readable"));
                continue;
            }
            try {
                RevocationList crl = RevocationList.read(p);
                for (int i = 0; i < crls.size(); i++) {
                    if (crls.get(i).issuer().equals(crl.issuer())) {
                        s.add(s.problemAt(l.mark(), l.field(), "a second CRL of issuer " + crl.issuerName()
                                + " (the first is " + files.get(i) + "); give one CRL per CA"));
                    }
                }
                files.add(p);
                crls.add(crl);
            } catch (KeyMaterialException e) {
                s.add(s.problemAt(l.mark(), l.field(), e.getMessage()));
            }
        }
        RevocationConfig.CrlStale stale = s.parsed("crl-stale", v -> switch (v) {
            case "refuse" -> RevocationConfig.CrlStale.REFUSE;
            case "warn" -> RevocationConfig.CrlStale.WARN;
            default -> throw new IllegalArgumentException("'" + v + "' is not refuse or warn");
        }, RevocationConfig.CrlStale.REFUSE);
        RevocationConfig.OcspMode ocsp = s.parsed("ocsp", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "off", "false" -> RevocationConfig.OcspMode.OFF;
            case "soft" -> RevocationConfig.OcspMode.SOFT;
            case "hard" -> RevocationConfig.OcspMode.HARD;
            default -> throw new IllegalArgumentException("'" + v + "' is not off, soft or hard");
        }, RevocationConfig.OcspMode.OFF);
        Optional<URI> responder = s.parsed("ocsp-responder", v -> {
            try {
                URI u = new URI(v);
                if (!"http".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException("'" + v + "' is not an http:// URL (OCSP is fetched over plain HTTP, RFC 6960)");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + v + "' is not a URL: " + e.getReason());
            }
        });
        Duration timeout = s.parsed("ocsp-timeout", v -> {
            Duration d = Durations.parse(v);
            if (d.isZero() || d.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("must be more than 0 and at most 30s (a handshake waits for it)");
            }
            return d;
        }, RevocationConfig.DEFAULT_OCSP_TIMEOUT);
        boolean staple = s.parsed("staple", v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
        }, false);
        if (ocsp == RevocationConfig.OcspMode.OFF && !staple && (s.has("ocsp-responder") || s.has("ocsp-timeout"))) {
            s.problem(s.has("ocsp-responder") ? "ocsp-responder" : "ocsp-timeout",
                    "has no effect while ocsp is off and staple is false; set ocsp: soft or hard");
        }
        if (!s.has("crl") && ocsp == RevocationConfig.OcspMode.OFF && !staple) {
            s.problemHere("checks nothing: give crl files, or ocsp: soft|hard, or staple: true");
        }
        s.rejectUnknownKeys();
        return new RevocationConfig(files, crls, stale, ocsp, responder, timeout, staple);
    }
}
