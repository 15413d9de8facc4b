package io.securelink.appliance.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version baked into the jar at build time: what the CLI, birth messages and the {@code version} command report. */
public final class ApplianceVersion {
    private ApplianceVersion() {
    }

    public static String current() {
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
