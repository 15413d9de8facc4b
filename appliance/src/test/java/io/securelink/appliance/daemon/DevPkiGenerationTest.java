package io.securelink.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securelink.appliance.config.ConfigException;
import io.securelink.appliance.config.ConfigLoader;
import io.securelink.appliance.support.FreePorts;
import io.securelink.appliance.support.RunningLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab PKI is a step of {@code run}: loading a config (check-config, audit, explain) never writes it. */
class DevPkiGenerationTest {
    @TempDir
    Path dir;

    private String config() {
        return """
                appliance: { id: dev-pki-test, site: lab, state-dir: state, dev-pki: true }
                links:
                  lab-in:
                    mode: server
                    listen: 127.0.0.1:%d
                    forward: 127.0.0.1:9
                    tls: { certificate: state/dev-pki/server.crt, key: state/dev-pki/server.key, trust: state/dev-pki/ca.crt }
                    policy: { sources: ["127.0.0.0/8"] }
                """.formatted(FreePorts.next());
    }

    @Test
    void loadingADevPkiConfigWritesNothingAndSaysWhatGeneratesThePki() throws Exception {
        Path f = dir.resolve("securelink.yaml");
        Files.writeString(f, config());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains("'securelink run' generates the lab PKI"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("state")), "loading created nothing");
    }

    @Test
    void runGeneratesTheDevPkiBeforeLoadingAndServes() throws Exception {
        try (RunningLifecycle app = RunningLifecycle.start(dir, config())) {
            assertTrue(Files.exists(dir.resolve("state/dev-pki/server.crt")));
            assertTrue(app.lifecycle.runtime().listeners().get("lab-in").isAccepting());
        }
    }
}
