package io.securelink.appliance.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The versions of the libraries securelink runs on, read from the manifests of the jars actually on the
 * class path, without loading (let alone initialising) a class of theirs: {@code securelink version}
 * prints them without starting Netty, loading BoringSSL or registering a Bouncy Castle provider.
 */
public final class ComponentVersions {
    private ComponentVersions() {
    }

    /** Netty (netty-transport's jar). */
    public static String netty() {
        return of("io/netty/channel/Channel.class");
    }

    /** netty-tcnative's classes (the BoringSSL binding; the native library has the same version). */
    public static String tcnative() {
        return of("io/netty/internal/tcnative/SSL.class");
    }

    /** Bouncy Castle's provider (bcprov). */
    public static String bouncyCastle() {
        return of("org/bouncycastle/jce/provider/BouncyCastleProvider.class");
    }

    /** Bouncy Castle's JSSE provider (bctls). */
    public static String bouncyCastleJsse() {
        return of("org/bouncycastle/jsse/provider/BouncyCastleJsseProvider.class");
    }

    /**
     * {@code Implementation-Version}, else {@code Bundle-Version}, of the manifest of the jar that holds
     * {@code classResource}; "absent" when no jar on the class path has it, "unknown" when its jar says no version.
     */
    static String of(String classResource) {
        URL url = ComponentVersions.class.getClassLoader().getResource(classResource);
        if (url == null) {
            return "absent";
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            Manifest m;
            if (c instanceof JarURLConnection jar) {
                m = jar.getManifest();
                closeQuietly(jar);
            } else {
                return "unknown";
            }
            if (m == null) {
                return "unknown";
            }
            Attributes a = m.getMainAttributes();
            String v = a.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            if (v == null) {
                v = a.getValue("Bundle-Version");
            }
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(JarURLConnection jar) {
        try {
            if (!jar.getUseCaches()) {
                jar.getJarFile().close();
            }
        } catch (IOException ignored) {
            // read-only look-up; nothing to lose
        }
    }
}
