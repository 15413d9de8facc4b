import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Build step (run by the appliance pom on target/lib): rewrites signed library jars without their
 * signature files. The JVM's class data sharing archive skips every class of a signed jar, and the
 * signature is checked on each start: Bouncy Castle's signed jars cost each CLI command that touches a
 * certificate about 0.4 s. OpenJDK does not require a signed JCE provider; the jars come from Maven
 * Central over checksummed downloads.
 *
 * <pre>java StripJarSignatures.java JAR...</pre>
 */
public final class StripJarSignatures {
    public static void main(String[] args) throws IOException {
        for (String a : args) {
            Path jar = Path.of(a);
            if (!isSigned(jar)) {
                continue;
            }
            Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigned");
            try (JarInputStream in = new JarInputStream(Files.newInputStream(jar), false);
                 OutputStream raw = Files.newOutputStream(tmp)) {
                Manifest mf = in.getManifest();
                mf.getEntries().clear(); // the per-entry digests belong to the signature
                try (JarOutputStream out = new JarOutputStream(raw, mf)) {
                    for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                        if (isSignatureFile(e.getName())) {
                            continue;
                        }
                        out.putNextEntry(new JarEntry(e.getName()));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("unsigned " + jar.getFileName());
        }
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar), false)) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (isSignatureFile(e.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        return n.startsWith("META-INF/") && n.indexOf('/', 9) < 0
                && (n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC") || n.startsWith("META-INF/SIG-"));
    }
}
