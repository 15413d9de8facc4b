package io.securelink.appliance.status;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version baked into the jar at build time, as birth messages and the {@code version} command report it. */
final class ApplianceVersion {
    private ApplianceVersion() {
    }

    static String current() {
        try (InputStream in = ApplianceVersion.class.getResourceAsStream("/io/securelink/appliance/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
