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

    /**
     * The files of one credential, as a map key. {@code equals} and {@code hashCode} are written out: a record's
     * generated ones bootstrap method handles on first use, about 13 ms of a cold {@code check-config}.
     */
    private record CredentialFiles(Path certificate, Path key, Optional<Path> passphraseFile) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CredentialFiles f && certificate.equals(f.certificate) && key.equals(f.key)
                    && passphraseFile.equals(f.passphraseFile);
        }

        @Override
        public int hashCode() {
            return (certificate.hashCode() * 31 + key.hashCode()) * 31 + passphraseFile.hashCode();
        }
    }

    private final Map<CredentialFiles, Credentials> credentials = new HashMap<>();
    private final Map<Path, List<X509Certificate>> bundles = new HashMap<>();

    Credentials credentials(Path certificate, Path key, Optional<Path> passphraseFile, Read<Credentials> read) throws KeyMaterialException {
        return once(credentials, new CredentialFiles(normal(certificate), normal(key), passphraseFile.map(KeyMaterialReads::normal)), read);
    }

    List<X509Certificate> trustBundle(Path file, Read<List<X509Certificate>> read) throws KeyMaterialException {
        return once(bundles, normal(file), () -> List.copyOf(read.read()));
    }

    /** What {@code read} gave for {@code key} earlier in this load, or its answer now, kept when it succeeds. */
    private static <K, V> V once(Map<K, V> known, K key, Read<V> read) throws KeyMaterialException {
        V value = known.get(key);
        if (value == null) {
            value = read.read();
            known.put(key, value);
        }
        return value;
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
