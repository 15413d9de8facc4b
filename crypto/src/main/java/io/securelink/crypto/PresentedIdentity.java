package io.securelink.crypto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The identities a certificate claims: its subjectAltName dNSName, uniformResourceIdentifier and
 * iPAddress entries, and its subject CNs (consulted only by {@code cn:} patterns). {@link #toString()}
 * is a compact description for refusal messages.
 */
public record PresentedIdentity(List<String> dnsNames, List<String> uris, List<InetAddress> ips, List<String> commonNames) {
    public PresentedIdentity {
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
        ips = List.copyOf(ips);
        commonNames = List.copyOf(commonNames);
    }

    /** @throws IllegalArgumentException when the certificate's subjectAltName extension is malformed */
    public static PresentedIdentity of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (GeneralName name : CertificateFields.subjectAltNames(cert).getNames()) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> dns.add(((ASN1String) name.getName()).getString());
                case GeneralName.uniformResourceIdentifier -> uris.add(((ASN1String) name.getName()).getString());
                case GeneralName.iPAddress -> address(ASN1OctetString.getInstance(name.getName()).getOctets()).ifPresent(ips::add);
                default -> {
                }
            }
        }
        return new PresentedIdentity(dns, uris, ips, DistinguishedNames.commonNames(cert.getSubjectX500Principal()));
    }

    private static java.util.Optional<InetAddress> address(byte[] octets) {
        if (octets.length != 4 && octets.length != 16) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByAddress(octets));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        commonNames.forEach(cn -> parts.add("CN=" + cn));
        List<String> sans = new ArrayList<>();
        dnsNames.forEach(d -> sans.add("dns:" + d));
        uris.forEach(u -> sans.add("uri:" + u));
        ips.forEach(ip -> sans.add("ip:" + IpLiterals.format(ip)));
        parts.add(sans.isEmpty() ? "no SAN" : "SAN[" + String.join(", ", sans) + "]");
        return String.join(", ", parts);
    }
}
