package io.securelink.appliance.audit;

import io.securelink.appliance.config.HostPort;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a live TLS listener accepts by handshaking with {@code openssl s_client}, one protocol
 * version at a time (TLS 1.0 to 1.3, at security level 0 so the client offers everything), then
 * enumerating the suites it accepts at its best legacy version (offer everything, note the pick, offer
 * everything but the picks, until it refuses) and each TLS 1.3 suite, and records the chain it shows.
 * A listener that requires a client certificate still shows its version, suite and chain before it
 * refuses a client without one; {@code s_client} reports the negotiated suite either way.
 */
public final class TlsProbe {
    private static final List<String> VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");
    private static final String EVERYTHING = "ALL:COMPLEMENTOFALL:!PSK:!SRP";
    private static final Pattern NEGOTIATED = Pattern.compile("New, (TLSv1(?:\\.\\d)?|SSLv3), Cipher is (\\S+)");
    private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final int MAX_SUITES = 64;

    private final HostPort target;
    private final Optional<Path> clientCert;
    private final Optional<Path> clientKey;
    private final Duration timeout;

    /**
     * What the listener accepted: versions (JDK names), suites (IANA names), the chain of the first
     * handshake, whether it asked for a client certificate, and the OCSP staple it sent when asked
     * ({@code none}, or the certificate status openssl read from it: {@code good}, {@code revoked}, {@code unknown}).
     */
    public record Result(List<String> versions, List<String> suites, List<X509Certificate> chain, boolean clientCertificateRequested,
                         String staple) {
        public Result(List<String> versions, List<String> suites, List<X509Certificate> chain, boolean clientCertificateRequested) {
            this(versions, suites, chain, clientCertificateRequested, "none");
        }

        public boolean staples() {
            return !staple.equals("none");
        }
    }

    private static final Pattern CERT_STATUS = Pattern.compile("Cert Status: (\\w+)");

    public TlsProbe(HostPort target, Optional<Path> clientCert, Optional<Path> clientKey, Duration timeout) {
        this.target = target;
        this.clientCert = clientCert;
        this.clientKey = clientKey;
        this.timeout = timeout;
    }

    /** @throws IOException when nothing listens at the target */
    public Result probe() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
        }
        Map<String, String> ianaNames = ianaNames();
        List<String> versions = new ArrayList<>();
        List<X509Certificate> chain = List.of();
        boolean clientAuth = false;
        String staple = "none";
        for (String v : VERSIONS) {
            Handshake h = handshake(v, EVERYTHING + ":@SECLEVEL=0", null, true);
            clientAuth |= h.clientCertificateRequested();
            if (!h.staple().equals("none")) {
                staple = h.staple();
            }
            if (h.accepted()) {
                versions.add(v);
                if (chain.isEmpty() || v.equals("TLSv1.3")) {
                    chain = h.chain();
                }
            }
        }
        Set<String> suites = new LinkedHashSet<>();
        String legacy = versions.stream().filter(v -> !v.equals("TLSv1.3")).reduce((a, b) -> b).orElse(null);
        if (legacy != null) {
            List<String> picked = new ArrayList<>();
            while (picked.size() < MAX_SUITES) {
                StringBuilder spec = new StringBuilder(EVERYTHING);
                picked.forEach(p -> spec.append(":!").append(p));
                Handshake h = handshake(legacy, spec.append(":@SECLEVEL=0").toString(), null, false);
                if (!h.accepted() || picked.contains(h.cipher())) {
                    break;
                }
                picked.add(h.cipher());
                suites.add(ianaNames.getOrDefault(h.cipher(), h.cipher()));
            }
        }
        if (versions.contains("TLSv1.3")) {
            for (String s : TLS13_SUITES) {
                if (handshake("TLSv1.3", EVERYTHING + ":@SECLEVEL=0", s, false).accepted()) {
                    suites.add(s);
                }
            }
        }
        return new Result(List.copyOf(versions), List.copyOf(suites), chain, clientAuth, staple);
    }

    /** The audit findings for a probe result: the same protocol and certificate rules as the config audit. */
    public static List<Finding> findings(String subject, Result r, List<X509Certificate> anchors, java.time.Instant now) {
        List<Finding> out = new ArrayList<>();
        if (r.versions().isEmpty()) {
            out.add(new Finding("probe.no-handshake", Severity.HIGH, subject,
                    "no TLS handshake completed with any version (a listener requiring a client certificate refuses one without)",
                    "check the address; pass --client-cert and --client-key for mutual-TLS listeners"));
            return out;
        }
        if (!r.clientCertificateRequested()) {
            out.add(new Finding("probe.client-auth-not-requested", Severity.LOW, subject,
                    "the listener completed handshakes without asking for a client certificate",
                    "if this is a securelink server link, set client-auth: required"));
        }
        if (r.staple().equals("revoked")) {
            out.add(new Finding("probe.staple-revoked", Severity.HIGH, subject,
                    "the listener staples an OCSP response saying its own certificate is revoked",
                    "replace the certificate and key; clients that check staples refuse this listener"));
        } else if (r.staples()) {
            out.add(new Finding("probe.ocsp-stapled", Severity.INFO, subject,
                    "the listener staples an OCSP response for its certificate (Cert Status: " + r.staple() + ")", "nothing to do"));
        } else {
            out.add(new Finding("probe.no-ocsp-staple", Severity.INFO, subject,
                    "the listener sends no OCSP staple when asked (status_request)",
                    "on a securelink server link set tls.revocation.staple: true (needs the OpenSSL provider and an OCSP responder in the certificate's AIA)"));
        }
        out.addAll(ProtocolRules.versions(subject, r.versions()));
        out.addAll(ProtocolRules.suites(subject, r.suites()));
        if (!r.chain().isEmpty()) {
            out.addAll(CertificateRules.chain(subject + " (presented chain)", r.chain(), anchors, now));
        }
        return out;
    }

    private record Handshake(boolean accepted, String cipher, List<X509Certificate> chain, boolean clientCertificateRequested,
                             String staple) {
    }

    private Handshake handshake(String version, String cipherList, String tls13Suite, boolean showCerts) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", target.toString(), versionFlag(version),
                "-cipher", cipherList));
        if (tls13Suite != null) {
            cmd.addAll(List.of("-ciphersuites", tls13Suite));
        }
        if (showCerts) {
            cmd.add("-showcerts");
            cmd.add("-status");
        }
        if (!target.host().matches("[0-9.]+") && !target.host().contains(":")) {
            cmd.addAll(List.of("-servername", target.host()));
        }
        clientCert.ifPresent(c -> cmd.addAll(List.of("-cert", c.toString())));
        clientKey.ifPresent(k -> cmd.addAll(List.of("-key", k.toString())));
        String out = run(cmd);
        // TLS 1.2 shows the CertificateRequest; TLS 1.3 servers answer a missing certificate with an alert.
        boolean requested = out.contains("Client Certificate Types") || out.contains("Acceptable client certificate CA names")
                || out.contains("alert certificate required");
        String staple = "none";
        if (out.contains("OCSP Response Status: successful")) {
            Matcher st = CERT_STATUS.matcher(out);
            staple = st.find() ? st.group(1) : "unreadable";
        }
        Matcher m = NEGOTIATED.matcher(out);
        if (!m.find()) {
            return new Handshake(false, "", List.of(), requested, staple);
        }
        return new Handshake(true, m.group(2), showCerts ? certificates(out) : List.of(), requested, staple);
    }

    private static String versionFlag(String v) {
        return switch (v) {
            case "TLSv1" -> "-tls1";
            case "TLSv1.1" -> "-tls1_1";
            case "TLSv1.2" -> "-tls1_2";
            default -> "-tls1_3";
        };
    }

    static List<X509Certificate> certificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            return out;
        }
        return out;
    }

    /** OpenSSL cipher names to IANA names, from {@code openssl ciphers -stdname}. */
    private Map<String, String> ianaNames() {
        Map<String, String> names = new HashMap<>();
        String out = run(List.of("openssl", "ciphers", "-stdname", EVERYTHING + ":@SECLEVEL=0"));
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" - ", 2);
            if (parts.length == 2) {
                names.put(parts[1].split("\\s+")[0], parts[0].trim());
            }
        }
        return names;
    }

    private String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(buf);
                } catch (IOException ignored) {
                    // process ended
                }
            }, "probe-out");
            pump.setDaemon(true);
            pump.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            pump.join(timeout.toMillis());
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (install the openssl package): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
