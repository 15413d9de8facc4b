package io.securelink.crypto;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 certificate requests, so a site can keep its key and have a carrier CA sign it. */
public final class Csr {
    private Csr() {
    }

    /**
     * A request signed by {@code kp}, for {@code subjectDn} (RFC 2253, e.g. {@code CN=gw1,O=Police})
     * with the DNS names as a requested subjectAltName extension.
     */
    public static PKCS10CertificationRequest create(KeyPair kp, String subjectDn, List<String> dnsNames) {
        JcaPKCS10CertificationRequestBuilder builder =
                new JcaPKCS10CertificationRequestBuilder(new X500Principal(subjectDn), kp.getPublic());
        if (!dnsNames.isEmpty()) {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            try {
                extensions.addExtension(Extension.subjectAlternativeName, false, new DERSequence(
                        dnsNames.stream().map(d -> new GeneralName(GeneralName.dNSName, d)).toArray(GeneralName[]::new)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode subjectAltName", e);
            }
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        return ContentSigners.sign(kp.getPrivate(), builder::build);
    }
}
