package io.securelink.appliance.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The canonical text of a config: every effective setting in a fixed order, with each named file
 * replaced by the SHA-256 of its bytes. Formatting, comments and key order do not change it; a rotated
 * certificate does. Its SHA-256 is the config digest reported by status.
 */
final class CanonicalForm {
    private CanonicalForm() {
    }

    static String digest(ApplianceSection a, Map<String, LinkConfig> links, Optional<StatusConfig> status, Optional<HaConfig> ha) {
        StringBuilder sb = new StringBuilder();
        sb.append("appliance.id=").append(a.id()).append('\n')
          .append("appliance.site=").append(a.site()).append('\n')
          .append("appliance.state-dir=").append(a.stateDir()).append('\n')
          .append("appliance.dev-pki=").append(a.devPki()).append('\n')
          .append(a.watchConfig() ? "" : "appliance.watch-config=false\n");
        for (LinkConfig l : new TreeMap<>(links).values()) {
            String p = "links." + l.name() + ".";
            TlsConfig t = l.tls();
            sb.append(p).append("mode=").append(l.mode()).append('\n')
              .append(p).append("listen=").append(l.listen()).append('\n')
              .append(p).append("forward=").append(l.forward().map(HostPort::toString).orElse("")).append('\n')
              .append(p).append("connect=").append(l.connect()).append('\n')
              .append(p).append("tls.certificate=").append(fileDigest(t.certificate())).append('\n')
              .append(p).append("tls.key=").append(fileDigest(t.key())).append('\n')
              .append(p).append("tls.trust=").append(t.trust().map(CanonicalForm::fileDigest).orElse("pins-only")).append('\n')
              .append(p).append("tls.client-auth=").append(t.clientAuth()).append('\n')
              .append(p).append("tls.pins=").append(new java.util.TreeSet<>(t.pins().pins().stream().map(Object::toString).toList())).append('\n')
              .append(p).append("tls.peers=").append(t.peers().patterns()).append('\n')
              .append(p).append("tls.versions=").append(t.versions()).append('\n')
              .append(p).append("tls.groups=").append(t.groups()).append('\n')
              .append(p).append("tls.require-post-quantum=").append(t.requirePostQuantum()).append('\n')
              .append(p).append("tls.revocation=").append(revocation(t.revocation())).append('\n')
              .append(p).append("timeouts=").append(l.timeouts()).append('\n')
              .append(p).append("policy=").append(l.policy()).append('\n')
              .append(p).append("tcp=").append(l.tcp()).append('\n');
        }
        status.ifPresent(s -> sb.append("status.mqtt=").append(s.brokers()).append(',').append(s.clientId()).append(',')
                .append(s.topicPrefix()).append(',').append(s.heartbeat()).append(',').append(s.journalMaxBytes()).append(',')
                .append(s.commands()).append(',').append(s.tls().map(t -> t.pins().pins().toString() + t.pinsOnly()).orElse("plain"))
                .append('\n'));
        ha.ifPresent(h -> sb.append("ha=").append(h).append('\n'));
        return sha256(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every revocation setting, with each CRL file as the digest of its bytes, so a new CRL is a new config. */
    private static String revocation(RevocationConfig r) {
        if (r.isNone()) {
            return "none";
        }
        return "crl=" + r.crlFiles().stream().map(CanonicalForm::fileDigest).toList() + ",crl-stale=" + r.crlStale()
                + ",ocsp=" + r.ocsp() + ",ocsp-responder=" + r.ocspResponder().map(Object::toString).orElse("aia")
                + ",ocsp-timeout=" + r.ocspTimeout() + ",staple=" + r.staple();
    }

    static String fileDigest(Path p) {
        try {
            return sha256(Files.readAllBytes(p));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
