package io.securelink.appliance.config;

import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.CryptoException;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.LeafSpec;
import io.securelink.crypto.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away lab PKI generated into {@code <state-dir>/dev-pki}: a CA, a server leaf (localhost,
 * 127.0.0.1, ::1) and a client leaf (spiffe://securelink.lab/client). Never committed, never for
 * production; the audit reports any config that asks for it. Generating it is an explicit step of
 * {@code run} (before the config is loaded); loading a config, {@code check-config} and {@code audit}
 * never write it.
 */
public final class DevPki {
    /** The folder under the state folder. */
    public static final String FOLDER = "dev-pki";
    public static final String CA = "ca.crt";
    public static final String CA_KEY = "ca.key";
    static final String CA_COMMON_NAME = "securelink lab CA";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String CLIENT_CERT = "client.crt";
    public static final String CLIENT_KEY = "client.key";
    /** The leaves alone, for pin-certificates: pinning a chain file would pin the lab CA too. */
    public static final String SERVER_LEAF = "server-leaf.crt";
    public static final String CLIENT_LEAF = "client-leaf.crt";

    private DevPki() {
    }

    /** Whether {@code dir} holds a dev PKI already (what {@link #ensure} leaves untouched). */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(CLIENT_KEY));
    }


    /** Creates the files if {@code dir} has none yet; leaves an existing PKI untouched. */
    public static synchronized void ensure(Path dir) throws IOException, CryptoException {
        if (exists(dir)) {
            leaf(dir, SERVER_CERT, SERVER_LEAF);
            leaf(dir, CLIENT_CERT, CLIENT_LEAF);
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        CertificateAuthority ca = CertificateAuthority.create(CA_COMMON_NAME, KeyType.EC_P256, Duration.ofDays(3650));
        Credentials server = ca.issue(LeafSpec.server("localhost", List.of("localhost"), List.of("127.0.0.1", "::1")));
        Credentials client = ca.issue(LeafSpec.client("lab-client", List.of("spiffe://securelink.lab/client")));
        PemFiles.writePem(dir.resolve(CA_KEY), ca.credentials().key(), true);
        PemFiles.writePem(dir.resolve(CA), ca.certificate(), false);
        write(dir, SERVER_CERT, SERVER_KEY, server);
        write(dir, CLIENT_CERT, CLIENT_KEY, client);
        leaf(dir, SERVER_CERT, SERVER_LEAF);
        leaf(dir, CLIENT_CERT, CLIENT_LEAF);
    }

    /** Writes the first certificate of {@code chain} alone to {@code leaf}, unless it is there already. */
    private static void leaf(Path dir, String chain, String leaf) throws IOException, CryptoException {
        if (!Files.exists(dir.resolve(leaf))) {
            PemFiles.writePem(dir.resolve(leaf), PemFiles.readCertificates(dir.resolve(chain)).get(0), false);
        }
    }

    private static void write(Path dir, String cert, String key, Credentials c) throws IOException {
        PemFiles.writePem(dir.resolve(cert), c.chain(), false);
        PemFiles.writePem(dir.resolve(key), c.key(), true);
    }
}
