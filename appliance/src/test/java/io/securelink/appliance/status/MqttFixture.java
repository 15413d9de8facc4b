package io.securelink.appliance.status;

import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Config files for appliances that report over MQTT, and a way to run one as its own process. */
final class MqttFixture {
    static final String PREFIX = "securelink/v1";

    static {
        // Reconnect quickly in tests; production defaults are 1 s doubling up to 60 s.
        System.setProperty("securelink.mqtt.backoff-initial-ms", "100");
        System.setProperty("securelink.mqtt.backoff-max-ms", "1000");
    }

    private MqttFixture() {
    }

    /** How long the broker stays down in the outage tests (the scenario says 30 s; -Dsecurelink.test.broker-down-seconds=30 runs that). */
    static long brokerDownMillis() {
        return Long.getLong("securelink.test.broker-down-seconds", 3) * 1000;
    }

    /** A one-link appliance (server link, nothing listening behind it) reporting to {@code statusYaml}. */
    static Path config(Path dir, TestPki pki, String id, String statusYaml) throws Exception {
        if (!Files.exists(dir.resolve("server.crt"))) {
            pki.server("server");
        }
        TestPki.Pair client = Files.exists(dir.resolve("peer.crt")) ? null : pki.client("peer", "spiffe://peer");
        String pin = client != null ? client.pin() : io.securelink.crypto.SpkiPin.of(
                io.securelink.crypto.PemFiles.readCertificates(dir.resolve("peer.crt")).get(0)).toString();
        Path f = dir.resolve(id + ".yaml");
        Files.writeString(f, """
                appliance: { id: %s, site: hendon, state-dir: state-%s }
                links:
                  edge-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:%d
                    tls: { certificate: server.crt, key: server.key, trust: ca.crt, pins: ["%s"] }
                    timeouts: { drain: 1s }
                    policy: { sources: ["127.0.0.0/8"], deny-sources: ["127.0.0.2/32"] }
                status:
                  mqtt:
                %s
                """.formatted(id, id, FreePorts.next(), FreePorts.next(), pin, statusYaml.indent(4).stripTrailing()));
        return f;
    }

    static String plain(String url, String heartbeat) {
        return """
                brokers: ["%s"]
                heartbeat: %s
                """.formatted(url, heartbeat);
    }

    /** {@code securelink run --config cfg} as a child JVM on the test classpath, with short reconnect backoff. */
    static Process launch(Path cfg) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsecurelink.mqtt.backoff-initial-ms=100", "-Dsecurelink.mqtt.backoff-max-ms=1000",
                "-cp", System.getProperty("java.class.path"), "io.securelink.appliance.cli.SecurelinkCommand",
                "run", "--config", cfg.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(cfg.resolveSibling(cfg.getFileName() + ".out").toFile()).start();
    }
}
