package io.securelink.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads PKCS#12 files. The JDK keystore does the integrity check and decryption (it handles OpenSSL 3
 * defaults, legacy algorithms and empty passwords); files whose key sits in an unencrypted keyBag,
 * which the JDK ignores, are completed from the unencrypted bags via Bouncy Castle.
 */
final class Pkcs12Files {
    /** One private key with its certificate chain, leaf first. */
    record KeyEntry(String alias, PrivateKey key, List<X509Certificate> chain) {
        KeyEntry {
            chain = List.copyOf(chain);
        }

        @Override
        public String toString() {
            return "KeyEntry[alias=" + alias + ", chain=" + chain.size() + " certificates]";
        }
    }

    /** Key entries sorted by alias, and the certificates that belong to no key entry. */
    record Contents(List<KeyEntry> keyEntries, List<X509Certificate> otherCertificates) {
        Contents {
            keyEntries = List.copyOf(keyEntries);
            otherCertificates = List.copyOf(otherCertificates);
        }
    }

    private Pkcs12Files() {
    }

    static boolean isPkcs12Name(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    /** The single private key entry; a file with none or several is rejected rather than guessed at. */
    static KeyEntry onlyKeyEntry(Path file, char[] passphrase) throws KeyMaterialException {
        List<KeyEntry> entries = read(file, passphrase).keyEntries();
        if (entries.isEmpty()) {
            throw new KeyMaterialException("no private key in PKCS#12 file " + file);
        }
        if (entries.size() > 1) {
            throw new KeyMaterialException("PKCS#12 file " + file + " holds " + entries.size()
                    + " private keys (aliases " + String.join(", ", entries.stream().map(KeyEntry::alias).toList())
                    + "); expected exactly one");
        }
        return entries.get(0);
    }

    /** Reads the file with {@code passphrase}, or with the empty password when it is null. */
    static Contents read(Path file, char[] passphrase) throws KeyMaterialException {
        byte[] bytes = FileContents.read(file);
        char[] password = passphrase == null ? new char[0] : passphrase;
        try {
            KeyStore store = load(file, bytes, password);
            List<KeyEntry> keys = new ArrayList<>();
            List<X509Certificate> others = new ArrayList<>();
            List<String> aliases = new ArrayList<>(Collections.list(store.aliases()));
            Collections.sort(aliases);
            for (String alias : aliases) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, password);
                    if (key instanceof PrivateKey privateKey) {
                        keys.add(new KeyEntry(alias, privateKey, chain(store, alias)));
                    }
                } else if (store.isCertificateEntry(alias)) {
                    others.add(jdk(store.getCertificate(alias)));
                }
            }
            List<X509Certificate> inKeyEntries = keys.stream().flatMap(k -> k.chain().stream()).toList();
            Unencrypted plain = unencryptedBags(bytes);
            if (keys.isEmpty()) {
                for (PrivateKeyInfo info : plain.keys()) {
                    PrivateKey key = JdkObjects.privateKey(info);
                    keys.add(new KeyEntry("key" + (keys.size() + 1), key, ChainOrder.forKey(key, plain.certificates())));
                }
                inKeyEntries = keys.stream().flatMap(k -> k.chain().stream()).toList();
            }
            for (X509Certificate c : plain.certificates()) {
                if (!inKeyEntries.contains(c) && !others.contains(c)) {
                    others.add(c);
                }
            }
            return new Contents(keys, others);
        } catch (UnrecoverableKeyException e) {
            throw passphraseProblem(file, passphrase, e);
        } catch (GeneralSecurityException | IOException | PKCSException | RuntimeException e) {
            throw new KeyMaterialException("cannot read the entries of PKCS#12 file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static KeyStore load(Path file, byte[] bytes, char[] password) throws KeyMaterialException {
        try {
            KeyStore store;
            try {
                store = KeyStore.getInstance("PKCS12", "SUN");
            } catch (NoSuchProviderException notOpenJdk) {
                store = KeyStore.getInstance("PKCS12");
            }
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw passphraseProblem(file, password, e);
            }
            throw new KeyMaterialException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyMaterialException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyMaterialException passphraseProblem(Path file, char[] passphrase, Exception cause) {
        if (passphrase == null || passphrase.length == 0) {
            return new KeyMaterialException("PKCS#12 file " + file + " is passphrase-protected, but no passphrase was given",
                    cause);
        }
        return new KeyMaterialException("wrong passphrase for PKCS#12 file " + file + " (or the file is corrupted)", cause);
    }

    private record Unencrypted(List<PrivateKeyInfo> keys, List<X509Certificate> certificates) {
        @Override
        public String toString() {
            return "Unencrypted[" + keys.size() + " keys, " + certificates.size() + " certificates]";
        }
    }

    /** Key and certificate bags stored without encryption; encrypted content is left to the JDK keystore. */
    private static Unencrypted unencryptedBags(byte[] bytes) throws IOException, PKCSException, GeneralSecurityException {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        List<X509Certificate> certificates = new ArrayList<>();
        for (ContentInfo content : new PKCS12PfxPdu(bytes).getContentInfos()) {
            if (!content.getContentType().equals(PKCSObjectIdentifiers.data)) {
                continue;
            }
            for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(content).getSafeBags()) {
                if (bag.getBagValue() instanceof PrivateKeyInfo key) {
                    keys.add(key);
                } else if (bag.getBagValue() instanceof X509CertificateHolder cert) {
                    certificates.add(JdkObjects.certificate(cert.getEncoded()));
                }
            }
        }
        return new Unencrypted(keys, certificates);
    }

    private static List<X509Certificate> chain(KeyStore store, String alias) throws GeneralSecurityException {
        Certificate[] chain = store.getCertificateChain(alias);
        List<X509Certificate> out = new ArrayList<>();
        if (chain != null) {
            for (Certificate c : chain) {
                out.add(jdk(c));
            }
        }
        return out;
    }

    private static X509Certificate jdk(Certificate c) throws GeneralSecurityException {
        return JdkObjects.certificate(c.getEncoded());
    }
}
