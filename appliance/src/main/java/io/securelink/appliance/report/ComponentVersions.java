package io.securelink.appliance.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions of the libraries securelink runs on: Netty, netty-tcnative (the BoringSSL binding) and
 * Bouncy Castle (provider and JSSE). Written at build time from the manifests of the jars the build packs
 * ({@code src/build/LibraryVersions.java}) into a resource of the appliance jar, so {@code securelink
 * version} prints them without opening those jars, starting Netty, loading BoringSSL or registering a provider.
 */
public final class ComponentVersions {
    private static final String RESOURCE = "/io/securelink/appliance/libraries.properties";

    private ComponentVersions() {
    }

    /** Library name ({@code netty}, {@code netty-tcnative}, {@code bouncycastle}, {@code bctls}) to version; "unknown" when the build wrote none. */
    public static String of(String library) {
        try (InputStream in = ComponentVersions.class.getResourceAsStream(RESOURCE)) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty(library, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
