package io.securelink.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Converts parsed key material into objects of the JDK's own providers, so JSSE, PKIX and the rest of
 * the JDK accept them without Bouncy Castle being registered; BC is the fallback only for algorithms
 * or curves the JDK does not implement.
 */
final class JdkObjects {
    private JdkObjects() {
    }

    static PrivateKey privateKey(PrivateKeyInfo info) throws GeneralSecurityException, IOException {
        String algorithm = KeyAlgorithms.jcaName(info.getPrivateKeyAlgorithm().getAlgorithm());
        byte[] der = info.getEncoded(ASN1Encoding.DER);
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException jdkCannot) {
            return KeyFactory.getInstance(algorithm, BouncyCastle.provider()).generatePrivate(spec);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static PrivateKey privateKey(PrivateKey key) throws GeneralSecurityException, IOException {
        byte[] der = key.getEncoded();
        try {
            return privateKey(PrivateKeyInfo.getInstance(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    static PublicKey publicKey(SubjectPublicKeyInfo info) throws GeneralSecurityException, IOException {
        String algorithm = KeyAlgorithms.jcaName(info.getAlgorithm().getAlgorithm());
        X509EncodedKeySpec spec = new X509EncodedKeySpec(info.getEncoded(ASN1Encoding.DER));
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (GeneralSecurityException jdkCannot) {
            return KeyFactory.getInstance(algorithm, BouncyCastle.provider()).generatePublic(spec);
        }
    }

    /**
     * The JDK's own certificate class, constructed directly when java.base exports its package to us (the installed
     * launcher passes {@code --add-exports java.base/sun.security.x509=ALL-UNNAMED} to the commands that read a
     * config; the build's tests run with it); otherwise null and the factory is used.
     */
    private static final Constructor<?> X509_CERT_IMPL = x509CertImpl();

    private static Constructor<?> x509CertImpl() {
        try {
            if (!Object.class.getModule().isExported("sun.security.x509", JdkObjects.class.getModule())) {
                return null;
            }
            return Class.forName("sun.security.x509.X509CertImpl").getConstructor(byte[].class);
        } catch (ReflectiveOperationException | RuntimeException notThisJdk) {
            return null;
        }
    }

    /**
     * A DER certificate as the JDK's certificate factory returns it. Where it may, it constructs the factory's
     * result class itself: the factory first asks for its security-event logger, and finding a logging backend
     * makes the JVM open and search every jar on the class path (about 40 ms of a cold {@code check-config}).
     * What is skipped is that logger's debug line and the factory's cache; the certificate is the same object.
     */
    static X509Certificate certificate(byte[] der) throws CertificateException {
        if (X509_CERT_IMPL != null) {
            try {
                return (X509Certificate) X509_CERT_IMPL.newInstance((Object) der);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof CertificateException invalid) {
                    throw invalid;
                }
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                // the factory below is the reference
            }
        }
        return factoryCertificate(der);
    }

    static boolean constructsCertificatesDirectly() {
        return X509_CERT_IMPL != null;
    }

    static X509Certificate factoryCertificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
