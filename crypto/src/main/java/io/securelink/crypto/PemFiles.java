package io.securelink.crypto;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads and writes PEM key material in the formats OpenSSL produces. Everything read comes back as
 * JDK-native objects; private keys are written only as PKCS#8 into files that are 0600 from creation.
 */
public final class PemFiles {
    private static final Set<PosixFilePermission> SECRET_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    /** Every certificate of the file in order ({@code CERTIFICATE} and {@code TRUSTED CERTIFICATE} blocks). */
    public static List<X509Certificate> readCertificates(Path file) throws KeyMaterialException {
        Optional<List<X509Certificate>> plain = plainCertificates(FileContents.read(file));
        return plain.isPresent() ? plain.get() : parsedCertificates(file);
    }

    /**
     * The certificates of a file of {@code CERTIFICATE} blocks only (the common case), without Bouncy Castle's
     * PEM parser (see {@link PemBlocks}); empty for anything else or a block the JDK cannot parse, which the
     * full parser then reads and reports on.
     */
    static Optional<List<X509Certificate>> plainCertificates(byte[] pem) {
        Optional<List<PemBlocks.Block>> blocks = PemBlocks.of(pem, Set.of(PemBlocks.CERTIFICATE));
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (PemBlocks.Block block : blocks.get()) {
                certificates.add(JdkObjects.certificate(block.der()));
            }
        } catch (java.security.cert.CertificateException | RuntimeException unparsable) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(certificates));
    }

    static List<X509Certificate> parsedCertificates(Path file) throws KeyMaterialException {
        List<Object> objects = PemObjects.read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object o : objects) {
            X509CertificateHolder holder = o instanceof X509CertificateHolder h ? h
                    : o instanceof X509TrustedCertificateBlock t ? t.getCertificateHolder() : null;
            if (holder != null) {
                try {
                    certificates.add(JdkObjects.certificate(holder.getEncoded()));
                } catch (IOException | java.security.cert.CertificateException e) {
                    throw new KeyMaterialException("certificate #" + (certificates.size() + 1) + " in " + file
                            + " cannot be parsed: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new KeyMaterialException("no certificate in " + file + " (" + PemObjects.inventory(objects) + ")");
        }
        return List.copyOf(certificates);
    }

    /**
     * The one private key of the file: PKCS#1 RSA, SEC1 EC, PKCS#8, encrypted PKCS#8 or legacy
     * encrypted PEM; {@code passphraseOrNull} is only consulted for encrypted keys.
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphraseOrNull) throws KeyMaterialException {
        PrivateKeyInfo info = readPrivateKeyInfo(file, passphraseOrNull);
        try {
            return JdkObjects.privateKey(info);
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new KeyMaterialException("unsupported or malformed " + KeyAlgorithms.jcaName(
                    info.getPrivateKeyAlgorithm().getAlgorithm()) + " private key in " + file, e);
        }
    }

    static PrivateKeyInfo readPrivateKeyInfo(Path file, char[] passphraseOrNull) throws KeyMaterialException {
        byte[] pem = FileContents.read(file);
        try {
            Optional<PrivateKeyInfo> plain = plainPrivateKey(pem);
            if (plain.isPresent()) {
                return plain.get();
            }
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
        return parsedPrivateKeyInfo(file, passphraseOrNull);
    }

    /**
     * The key of a file whose blocks are one unencrypted {@code PRIVATE KEY} (PKCS#8) or {@code EC PRIVATE KEY}
     * (SEC1, made into PKCS#8 as Bouncy Castle's PEM parser makes it) and any number of certificates, read
     * without that parser (see {@link PemBlocks}); empty for anything else, which the full parser then reads
     * and reports on. Every decoded block is wiped.
     */
    static Optional<PrivateKeyInfo> plainPrivateKey(byte[] pem) {
        Optional<List<PemBlocks.Block>> blocks = PemBlocks.of(pem,
                Set.of(PemBlocks.PRIVATE_KEY, PemBlocks.EC_PRIVATE_KEY, PemBlocks.CERTIFICATE));
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        try {
            PemBlocks.Block key = null;
            for (PemBlocks.Block b : blocks.get()) {
                if (!b.type().equals(PemBlocks.CERTIFICATE)) {
                    if (key != null) {
                        return Optional.empty();
                    }
                    key = b;
                }
            }
            if (key == null) {
                return Optional.empty();
            }
            if (key.type().equals(PemBlocks.PRIVATE_KEY)) {
                return Optional.of(PrivateKeyInfo.getInstance(key.der()));
            }
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(key.der());
            if (sec1.getParametersObject() == null) {
                return Optional.empty();
            }
            return Optional.of(new PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1));
        } catch (IOException | RuntimeException unparsable) {
            return Optional.empty();
        } finally {
            blocks.get().forEach(PemBlocks.Block::wipe);
        }
    }

    static PrivateKeyInfo parsedPrivateKeyInfo(Path file, char[] passphraseOrNull) throws KeyMaterialException {
        List<Object> objects = PemObjects.read(file);
        List<Object> keys = objects.stream().filter(PemObjects::isPrivateKey).toList();
        if (keys.isEmpty()) {
            throw new KeyMaterialException("no private key in " + file + " (" + PemObjects.inventory(objects) + ")");
        }
        if (keys.size() > 1) {
            throw new KeyMaterialException(file + " holds " + keys.size() + " private keys; expected exactly one");
        }
        Optional<PrivateKeyInfo> info = PrivateKeyDecoder.decode(keys.get(0), file, passphraseOrNull);
        return info.orElseThrow(() -> new IllegalStateException("isPrivateKey and decode disagree"));
    }

    /** The first {@code PUBLIC KEY} (SubjectPublicKeyInfo) of the file. */
    public static PublicKey readPublicKey(Path file) throws KeyMaterialException {
        List<Object> objects = PemObjects.read(file);
        for (Object o : objects) {
            if (o instanceof SubjectPublicKeyInfo spki) {
                try {
                    return JdkObjects.publicKey(spki);
                } catch (java.security.GeneralSecurityException | IOException e) {
                    throw new KeyMaterialException("unsupported or malformed public key in " + file, e);
                }
            }
        }
        throw new KeyMaterialException("no public key in " + file + " (" + PemObjects.inventory(objects) + ")");
    }

    /** The first certificate request of the file, after checking its self-signature. */
    public static PKCS10CertificationRequest readCsr(Path file) throws KeyMaterialException {
        List<Object> objects = PemObjects.read(file);
        for (Object o : objects) {
            if (o instanceof PKCS10CertificationRequest csr) {
                boolean valid;
                try {
                    valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                            .build(JdkObjects.publicKey(csr.getSubjectPublicKeyInfo())));
                } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.pkcs.PKCSException
                        | java.security.GeneralSecurityException | IOException e) {
                    throw new KeyMaterialException("cannot check the signature of the certificate request in "
                            + file + ": " + e.getMessage(), e);
                }
                if (!valid) {
                    throw new KeyMaterialException("the certificate request in " + file + " (subject "
                            + csr.getSubject() + ") has an invalid signature");
                }
                return csr;
            }
        }
        throw new KeyMaterialException("no certificate request in " + file + " (" + PemObjects.inventory(objects) + ")");
    }

    /**
     * Writes {@code obj} (a certificate, private or public key, CSR, CRL, or a collection of those)
     * as PEM, replacing {@code file} atomically. With {@code secret} the file exists with mode 0600
     * from the moment it is created; otherwise it gets 0644. Private keys are written as PKCS#8 and
     * only when {@code secret} is set.
     */
    public static void writePem(Path file, Object obj, boolean secret) throws IOException {
        List<Object> objects = obj instanceof Collection<?> c ? new ArrayList<>(c) : List.of(obj);
        for (Object o : objects) {
            checkWritable(file, o, secret);
        }
        CharArrayWriter text = new CharArrayWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(o);
                }
            }
        }
        char[] chars = text.toCharArray();
        byte[] bytes = new byte[chars.length];
        for (int i = 0; i < chars.length; i++) {
            bytes[i] = (byte) chars[i];
        }
        try {
            replace(file, bytes, secret);
        } finally {
            Arrays.fill(chars, '\0');
            Arrays.fill(bytes, (byte) 0);
            text.reset();
        }
    }

    private static void checkWritable(Path file, Object o, boolean secret) {
        if (o instanceof PrivateKey && !secret) {
            throw new IllegalArgumentException("refusing to write a private key to " + file + " without secret=true");
        }
        boolean supported = o instanceof Key || o instanceof X509Certificate || o instanceof X509CRL
                || o instanceof PKCS10CertificationRequest || o instanceof X509CertificateHolder;
        if (!supported || o instanceof Key && !(o instanceof PrivateKey || o instanceof PublicKey)) {
            throw new IllegalArgumentException("cannot write " + (o == null ? "null" : o.getClass().getName())
                    + " as PEM to " + file);
        }
    }

    private static void replace(Path file, byte[] content, boolean secret) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        FileAttribute<Set<PosixFilePermission>> mode =
                PosixFilePermissions.asFileAttribute(secret ? SECRET_MODE : PUBLIC_MODE);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", mode);
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot write " + file + ": the file system does not support POSIX permissions", e);
        }
        try {
            if (!secret) {
                Files.setPosixFilePermissions(tmp, PUBLIC_MODE);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
