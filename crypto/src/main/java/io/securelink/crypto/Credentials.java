package io.securelink.crypto;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What one TLS endpoint presents: a private key and its certificate chain, leaf first. Loading
 * proves the key belongs to the leaf, so a mismatch is reported at configuration time rather than
 * as a handshake failure. {@link #toString()} never shows the key.
 */
public record Credentials(PrivateKey key, List<X509Certificate> chain) {
    public Credentials {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("credentials need at least the leaf certificate");
        }
    }

    /**
     * Loads PEM or PKCS#12 credentials. A {@code .p12}/{@code .pfx} file supplies its single key
     * entry's key (when it is {@code keyFile}) or chain (when it is {@code certificateFile}); other
     * files are PEM. A null {@code keyFile} means the key is in {@code certificateFile}.
     * {@code passphraseOrNull} opens whichever of the two is encrypted and is not retained.
     */
    public static Credentials load(Path certificateFile, Path keyFile, char[] passphraseOrNull) throws KeyMaterialException {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Path keySource = keyFile == null ? certificateFile : keyFile;
        Pkcs12Files.KeyEntry p12Key = Pkcs12Files.isPkcs12Name(keySource)
                ? Pkcs12Files.onlyKeyEntry(keySource, passphraseOrNull) : null;
        Pkcs12Files.KeyEntry p12Chain = !Pkcs12Files.isPkcs12Name(certificateFile) ? null
                : certificateFile.equals(keySource) ? p12Key : Pkcs12Files.onlyKeyEntry(certificateFile, passphraseOrNull);

        PrivateKey key = p12Key != null ? p12Key.key() : PemFiles.readPrivateKey(keySource, passphraseOrNull);
        List<X509Certificate> chain = p12Chain != null ? p12Chain.chain() : PemFiles.readCertificates(certificateFile);
        if (chain.isEmpty()) {
            throw new KeyMaterialException("no certificate for the private key in PKCS#12 file " + certificateFile);
        }
        X509Certificate leaf = chain.get(0);
        if (!KeyPairCheck.matches(key, leaf.getPublicKey())) {
            throw new KeyMaterialException("private key in " + keySource + " does not match certificate "
                    + DistinguishedNames.display(leaf.getSubjectX500Principal()) + " in " + certificateFile);
        }
        return new Credentials(key, chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public SpkiPin leafPin() {
        return SpkiPin.of(leaf());
    }

    @Override
    public String toString() {
        return "Credentials[leaf=" + DistinguishedNames.display(leaf().getSubjectX500Principal())
                + ", pin=" + leafPin() + ", chain=" + chain.size() + " certificate(s), key=" + KeyAlgorithms.name(key) + "]";
    }
}
