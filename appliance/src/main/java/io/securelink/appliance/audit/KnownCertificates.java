package io.securelink.appliance.audit;


import io.securelink.crypto.Certificates;
import io.securelink.crypto.KeyMaterialException;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.SpkiPin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every certificate the audit can see: those in the files the config names and the certificate files
 * lying in the config folder. Used to tell what a pin stands for.
 */
public final class KnownCertificates {
    private final List<X509Certificate> all;

    private KnownCertificates(List<X509Certificate> all) {
        this.all = List.copyOf(all);
    }

    public static KnownCertificates gather(Collection<Path> namedFiles, Path configDir) {
        List<X509Certificate> out = new ArrayList<>();
        List<Path> candidates = new ArrayList<>(namedFiles);
        try (Stream<Path> s = Files.walk(configDir, 3)) {
            s.filter(Files::isRegularFile).filter(KnownCertificates::looksLikeCertificateFile).forEach(candidates::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            // An unreadable folder only means fewer known certificates.
        }
        for (Path p : candidates) {
            if (!looksLikeCertificateFile(p)) {
                continue;
            }
            try {
                for (X509Certificate c : PemFiles.readCertificates(p)) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            } catch (KeyMaterialException | RuntimeException e) {
                // Not a certificate file.
            }
        }
        return new KnownCertificates(out);
    }

    static boolean looksLikeCertificateFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".crt") || n.endsWith(".pem") || n.endsWith(".cer");
    }

    public List<X509Certificate> withPin(SpkiPin pin) {
        return all.stream().filter(c -> SpkiPin.of(c).equals(pin)).toList();
    }

    /** {@code cert} followed by each issuer found among the known certificates. */
    public List<X509Certificate> chainOf(X509Certificate cert) {
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        while (true) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (Certificates.selfSigned(last)) {
                return chain;
            }
            X509Certificate issuer = all.stream().filter(c -> !chain.contains(c) && Certificates.signedBy(last, c))
                    .findFirst().orElse(null);
            if (issuer == null) {
                return chain;
            }
            chain.add(issuer);
        }
    }
}
