package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.PinSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code status.mqtt}. */
final class StatusConfigReader {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

    private StatusConfigReader() {
    }

    static Optional<StatusConfig> read(YamlSection s, ConfigLoader.Context ctx, String applianceId) {
        int before = ctx.problems().size();
        List<String> brokers = new ArrayList<>();
        List<YamlSection.Located> raw = s.list("brokers");
        if (raw.isEmpty()) {
            s.problem("brokers", "is required: at least one broker URL (ssl://host:8883, or tcp:// for labs)");
        }
        boolean anyTls = false;
        for (YamlSection.Located l : raw) {
            try {
                URI u = new URI(l.value());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!List.of("ssl", "tcp").contains(scheme) || u.getHost() == null || u.getPort() < 1) {
                    throw new URISyntaxException(l.value(), "expected ssl://host:port or tcp://host:port");
                }
                anyTls |= scheme.equals("ssl");
                brokers.add(u.toString());
            } catch (URISyntaxException e) {
                s.add(s.problemAt(l.mark(), l.field(), "'" + l.value() + "' is not a broker URL (expected ssl://host:port or tcp://host:port)"));
            }
        }
        String clientId = s.string("client-id").orElse(applianceId);
        Optional<StatusConfig.MqttTls> tls = Optional.empty();
        if (s.has("tls")) {
            tls = readTls(s.section("tls"), ctx);
        } else {
            s.nodeOf("tls");
            if (anyTls) {
                s.problem("tls", "ssl:// brokers need a 'tls' section (trust, and pins)");
            }
        }
        Optional<String> username = s.string("username");
        Optional<Path> passwordFile = s.string("password-file").map(ctx::resolve);
        passwordFile.ifPresent(p -> {
            if (TlsFields.readable(s, "password-file", p)) {
                TlsFields.secretMode(s, ctx, "password-file", p);
            }
        });
        String prefix = s.string("topic-prefix").orElse("securelink/v1");
        if (prefix.contains("#") || prefix.contains("+") || prefix.startsWith("/") || prefix.endsWith("/")) {
            s.problem("topic-prefix", "'" + prefix + "' must not contain wildcards or start or end with '/'");
        }
        Duration heartbeat = ConfigLoader.positive(s, "heartbeat", Duration.ofSeconds(30));
        long journalMax = s.parsed("journal-max", StatusConfigReader::size, 64L << 20);
        if (journalMax < 64 * 1024) {
            s.problem("journal-max", "must be at least 64KiB");
        }
        StatusConfig.Commands commands = s.parsed("commands", v -> switch (v) {
            case "read-only" -> StatusConfig.Commands.READ_ONLY;
            case "off" -> StatusConfig.Commands.OFF;
            default -> throw new IllegalArgumentException("'" + v + "' is not read-only or off (no command may change the appliance)");
        }, StatusConfig.Commands.READ_ONLY);
        s.rejectUnknownKeys();
        if (ctx.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new StatusConfig(List.copyOf(brokers), clientId, tls, username, passwordFile, prefix,
                heartbeat, journalMax, commands));
    }

    private static Optional<StatusConfig.MqttTls> readTls(YamlSection s, ConfigLoader.Context ctx) {
        int before = ctx.problems().size();
        Optional<Path> cert = s.string("certificate").map(ctx::resolve);
        Optional<Path> key = s.string("key").map(ctx::resolve);
        Optional<Path> passFile = s.string("key-passphrase-file").map(ctx::resolve);
        Optional<String> trustText = s.required("trust");
        PinSet pins = TlsFields.pins(s, ctx);
        s.rejectUnknownKeys();
        if (cert.isPresent() != key.isPresent()) {
            s.problem(cert.isPresent() ? "key" : "certificate", "certificate and key go together");
        }
        Optional<Credentials> creds = Optional.empty();
        if (cert.isPresent() && key.isPresent()) {
            creds = TlsFields.credentials(s, ctx, cert.get(), key.get(), passFile);
        }
        boolean pinsOnly = trustText.map(TlsConfigReader.PINS_ONLY::equals).orElse(false);
        List<X509Certificate> anchors = List.of();
        if (trustText.isPresent() && !pinsOnly) {
            anchors = TlsFields.trustBundle(s, ctx, "trust", ctx.resolve(trustText.get()));
        } else if (pinsOnly && pins.isEmpty()) {
            s.problem("trust", "'pins-only' replaces the CA check with pins, so 'pins' must list at least one pin");
        }
        if (ctx.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new StatusConfig.MqttTls(creds, anchors, pins, pinsOnly));
    }

    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (expected e.g. 64MiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return switch (unit) {
            case "KiB" -> n << 10;
            case "MiB" -> n << 20;
            case "GiB" -> n << 30;
            default -> n;
        };
    }
}
