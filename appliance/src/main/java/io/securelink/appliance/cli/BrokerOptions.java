package io.securelink.appliance.cli;

import io.securelink.appliance.status.RemoteBroker;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.PinFormatException;
import io.securelink.crypto.PinSet;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How {@code fleet} and {@code query} reach the broker: URL, TLS as on the appliance, topic prefix, timeout. */
final class BrokerOptions {
    @Option(names = "--broker", required = true, description = "Broker: ssl://host:8883 (TLS), tcp://host:1883 (plaintext, labs), or host:port (ssl:// when --tls-trust or --tls-pin is given, tcp:// otherwise).")
    String broker;

    @Option(names = "--tls-cert", description = "Client certificate (PEM chain) for brokers that require one.")
    Path cert;

    @Option(names = "--tls-key", description = "Private key of --tls-cert.")
    Path key;

    @Option(names = "--tls-trust", description = "Trust bundle (PEM) for the broker's chain; omit with --tls-pin for pins-only.")
    Path trust;

    @Option(names = "--tls-pin", description = "Broker SPKI pin sha256/BASE64 (repeatable); a broker whose chain holds none is refused.")
    List<String> pins = new ArrayList<>();

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password-file", description = "File holding the MQTT password.")
    Path passwordFile;

    @Option(names = "--prefix", defaultValue = "securelink/v1", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for the broker and for answers (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** Validated settings, or an exception whose message is the one line to print. */
    RemoteBroker.Settings settings() throws IllegalArgumentException {
        if (!broker.contains("://") && broker.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):\\d{1,5}")) {
            // host:port: TLS when TLS options say so, plaintext otherwise; said once so nobody is surprised.
            String scheme = trust != null || !pins.isEmpty() ? "ssl" : "tcp";
            System.err.println("note: --broker " + broker + " taken as " + scheme + "://" + broker
                    + " (write ssl://host:port for TLS, tcp://host:port for plaintext)");
            broker = scheme + "://" + broker;
        }
        URI u;
        try {
            u = URI.create(broker);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !List.of("ssl", "tcp").contains(u.getScheme()) || u.getHost() == null || u.getPort() < 1) {
            throw new IllegalArgumentException("--broker '" + broker + "' is not a broker address: write ssl://host:port (TLS, "
                    + "usually 8883), tcp://host:port (plaintext, labs only, usually 1883) or host:port");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (u.getScheme().equals("ssl") && trust == null && pins.isEmpty()) {
            throw new IllegalArgumentException("an ssl:// broker needs --tls-trust or --tls-pin");
        }
        try {
            Optional<Credentials> creds = cert == null ? Optional.empty() : Optional.of(Credentials.load(cert, key, null));
            List<X509Certificate> anchors = trust == null ? List.of() : PemFiles.readCertificates(trust);
            PinSet pinSet = PinSet.parse(pins);
            return new RemoteBroker.Settings(broker, creds, anchors, pinSet, Optional.ofNullable(username),
                    Optional.ofNullable(passwordFile), timeout);
        } catch (KeyMaterialException | PinFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Parses 500ms, 10s, 1m. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return io.securelink.appliance.config.Durations.parse(value);
        }
    }
}
