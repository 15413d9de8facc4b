import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Build step (run by the appliance pom at process-classes): writes the versions of the libraries that
 * {@code securelink version} reports, read from the manifests of the very jars on the build's class path,
 * into a resource of the appliance jar, so the command prints them without opening or loading those jars.
 *
 * <pre>java LibraryVersions.java OUTPUT.properties CLASSPATH</pre>
 */
public final class LibraryVersions {
    /** Property name to the artifact whose jar carries it. */
    private static final Map<String, String> ARTIFACTS = new LinkedHashMap<>();

    static {
        ARTIFACTS.put("netty", "netty-transport-");
        ARTIFACTS.put("netty-tcnative", "netty-tcnative-classes-");
        ARTIFACTS.put("bouncycastle", "bcprov-jdk18on-");
        ARTIFACTS.put("bctls", "bctls-jdk18on-");
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LibraryVersions OUTPUT.properties CLASSPATH");
        }
        StringBuilder out = new StringBuilder("# Written by src/build/LibraryVersions.java from the jars' manifests.\n");
        for (Map.Entry<String, String> a : ARTIFACTS.entrySet()) {
            String version = null;
            for (String entry : args[1].split(File.pathSeparator)) {
                String name = Path.of(entry).getFileName().toString();
                if (name.startsWith(a.getValue()) && name.endsWith(".jar")
                        && Character.isDigit(name.charAt(a.getValue().length()))) {
                    version = versionOf(Path.of(entry));
                    break;
                }
            }
            if (version == null) {
                throw new IllegalStateException("no " + a.getValue() + "*.jar with a version on the class path");
            }
            out.append(a.getKey()).append('=').append(version).append('\n');
        }
        Path target = Path.of(args[0]);
        Files.createDirectories(target.getParent());
        Files.writeString(target, out);
    }

    private static String versionOf(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            Manifest m = f.getManifest();
            if (m == null) {
                return null;
            }
            Attributes a = m.getMainAttributes();
            String v = a.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            return v != null ? v : a.getValue("Bundle-Version");
        }
    }
}
