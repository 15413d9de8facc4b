package io.securelink.appliance.config;

import io.securelink.crypto.Credentials;
import io.securelink.crypto.KeyMaterialException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key material read once per config load. Links of one appliance usually share the site certificate, key and
 * trust bundle; without this, 200 links read the same files, and proved the same key against the same
 * certificate with a signature, 200 times (about 5 ms of CPU per link at start and at every reload). Only
 * successful reads are kept, so a file that fails is read again, and reported, for every field that names it.
 * Belongs to one load: a reload reads every file afresh.
 */
final class KeyMaterialReads {
    /** A read of key material that may fail with a message for the user. */
    interface Read<T> {
        T read() throws KeyMaterialException;
    }

    private record CredentialFiles(Path certificate, Path key, Optional<Path> passphraseFile) {
    }

    private final Map<CredentialFiles, Credentials> credentials = new HashMap<>();
    private final Map<Path, List<X509Certificate>> bundles = new HashMap<>();

    Credentials credentials(Path certificate, Path key, Optional<Path> passphraseFile, Read<Credentials> read) throws KeyMaterialException {
        CredentialFiles files = new CredentialFiles(certificate.toAbsolutePath().normalize(), key.toAbsolutePath().normalize(),
                passphraseFile.map(p -> p.toAbsolutePath().normalize()));
        Credentials known = credentials.get(files);
        if (known != null) {
            return known;
        }
        Credentials loaded = read.read();
        credentials.put(files, loaded);
        return loaded;
    }

    List<X509Certificate> trustBundle(Path file, Read<List<X509Certificate>> read) throws KeyMaterialException {
        Path p = file.toAbsolutePath().normalize();
        List<X509Certificate> known = bundles.get(p);
        if (known != null) {
            return known;
        }
        List<X509Certificate> loaded = List.copyOf(read.read());
        bundles.put(p, loaded);
        return loaded;
    }
}
