package io.securelink.crypto;

import java.io.IOException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A CA key and its self-signed certificate, able to issue leaves for the lab PKI and for tests.
 * CA certificates are {@code CA:true} (critical) with keyCertSign and cRLSign; leaves are
 * {@code CA:false} with digitalSignature (plus keyEncipherment for RSA), the requested extended key
 * usages and SANs, and key identifiers linking them to the CA.
 */
public final class CertificateAuthority {
    private static final int KEY_CERT_SIGN = 5;

    private final Credentials credentials;

    private CertificateAuthority(Credentials credentials) {
        this.credentials = credentials;
    }

    /** A new CA valid from one hour ago until {@code validity} from now. */
    public static CertificateAuthority create(String commonName, KeyType type, Duration validity) {
        KeyPair keys = type.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = cn(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, SerialNumbers.random(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), name, keys.getPublic());
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(ids.createSubjectKeyIdentifier(keys.getPublic()).getKeyIdentifier()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build CA certificate extensions", e);
        }
        X509Certificate cert = sign(builder, keys.getPrivate());
        return new CertificateAuthority(new Credentials(keys.getPrivate(), List.of(cert)));
    }

    /**
     * Uses existing credentials as a CA.
     *
     * @throws IllegalArgumentException when the certificate is not a CA certificate allowed to sign
     *     certificates, or the key cannot sign
     */
    public static CertificateAuthority load(Credentials creds) {
        X509Certificate cert = creds.leaf();
        String subject = DistinguishedNames.display(cert.getSubjectX500Principal());
        if (cert.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate " + subject + " is not a CA certificate (basicConstraints CA:true missing)");
        }
        boolean[] usage = cert.getKeyUsage();
        if (usage != null && (usage.length <= KEY_CERT_SIGN || !usage[KEY_CERT_SIGN])) {
            throw new IllegalArgumentException("CA certificate " + subject + " lacks the keyCertSign key usage");
        }
        if (KeyAlgorithms.signatureAlgorithm(creds.key()).isEmpty()) {
            throw new IllegalArgumentException("the " + KeyAlgorithms.name(creds.key()) + " key of CA " + subject
                    + " cannot sign certificates");
        }
        return new CertificateAuthority(creds);
    }

    public X509Certificate certificate() {
        return credentials.leaf();
    }

    public Credentials credentials() {
        return credentials;
    }

    /** A fresh key and a leaf certificate for it; the returned chain is {@code [leaf, CA certificate]}. */
    public Credentials issue(LeafSpec spec) {
        KeyPair keys = spec.keyType().generate();
        X509Certificate ca = certificate();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), SerialNumbers.random(),
                Date.from(spec.notBefore()), Date.from(spec.notAfter()), cn(spec.commonName()), keys.getPublic());
        try {
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = KeyUsage.digitalSignature;
            if (KeyAlgorithms.name(keys.getPublic()).equals("RSA")) {
                usage |= KeyUsage.keyEncipherment;
            }
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (spec.serverAuth()) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (spec.clientAuth()) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (!purposes.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            List<GeneralName> sans = subjectAltNames(spec);
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new DERSequence(sans.toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caKeyId(ids, ca)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build leaf certificate extensions", e);
        }
        X509Certificate leaf = sign(builder, credentials.key());
        return new Credentials(keys.getPrivate(), List.of(leaf, ca));
    }

    private static List<GeneralName> subjectAltNames(LeafSpec spec) {
        List<GeneralName> names = new ArrayList<>();
        spec.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress,
                new org.bouncycastle.asn1.DEROctetString(IpLiterals.parse(ip).orElseThrow().getAddress()))));
        spec.uris().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        return names;
    }

    private static byte[] caKeyId(JcaX509ExtensionUtils ids, X509Certificate ca) {
        PublicKey key = ca.getPublicKey();
        return CertificateFields.subjectKeyIdentifier(ca)
                .orElseGet(() -> ids.createSubjectKeyIdentifier(key).getKeyIdentifier());
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, java.security.PrivateKey key) {
        try {
            return JdkObjects.certificate(ContentSigners.sign(key, builder::build).getEncoded());
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot encode a freshly signed certificate", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + DistinguishedNames.display(certificate().getSubjectX500Principal())
                + ", pin=" + SpkiPin.of(certificate()) + "]";
    }
}
