package io.securelink.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Turns any parsed PEM private key (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8, legacy
 * {@code Proc-Type: 4,ENCRYPTED}) into PKCS#8, decrypting with the passphrase where needed.
 */
final class PrivateKeyDecoder {
    private PrivateKeyDecoder() {
    }

    /** The PKCS#8 form of {@code pem}, or empty when {@code pem} is not a private key. */
    static Optional<PrivateKeyInfo> decode(Object pem, Path file, char[] passphrase) throws KeyMaterialException {
        if (pem instanceof PrivateKeyInfo info) {
            return Optional.of(info);
        } else if (pem instanceof PEMKeyPair pair) {
            return Optional.of(pair.getPrivateKeyInfo());
        } else if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            return Optional.of(decryptPkcs8(encrypted, file, passphrase));
        } else if (pem instanceof PEMEncryptedKeyPair encrypted) {
            return Optional.of(decryptLegacy(encrypted, file, passphrase));
        }
        return Optional.empty();
    }

    private static PrivateKeyInfo decryptPkcs8(PKCS8EncryptedPrivateKeyInfo encrypted, Path file, char[] passphrase)
            throws KeyMaterialException {
        requirePassphrase(file, passphrase, "encrypted PKCS#8");
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.provider()).build(passphrase));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            if (e.getCause() instanceof OperatorCreationException unsupported) {
                throw new KeyMaterialException("cannot decrypt the private key in " + file + ": unsupported encryption "
                        + encrypted.getEncryptionAlgorithm().getAlgorithm() + " (" + unsupported.getMessage() + ")", e);
            }
            throw wrongPassphrase(file, e);
        }
    }

    private static PrivateKeyInfo decryptLegacy(PEMEncryptedKeyPair encrypted, Path file, char[] passphrase)
            throws KeyMaterialException {
        requirePassphrase(file, passphrase, "legacy PEM encryption " + encrypted.getDekAlgName());
        try {
            return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.provider()).build(passphrase)).getPrivateKeyInfo();
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown encryption")) {
                throw new KeyMaterialException("cannot decrypt the private key in " + file
                        + ": unsupported PEM encryption " + encrypted.getDekAlgName(), e);
            }
            throw wrongPassphrase(file, e);
        }
    }

    private static void requirePassphrase(Path file, char[] passphrase, String scheme) throws KeyMaterialException {
        if (passphrase == null || passphrase.length == 0) {
            throw new KeyMaterialException("the private key in " + file + " is encrypted (" + scheme
                    + ") and needs a passphrase, but none was given");
        }
    }

    private static KeyMaterialException wrongPassphrase(Path file, Exception cause) {
        return new KeyMaterialException("wrong passphrase for the encrypted private key in " + file, cause);
    }
}
