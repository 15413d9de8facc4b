package io.securelink.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Human-readable distinguished names for messages, and the subject CNs used by {@code cn:} identities. */
final class DistinguishedNames {
    private static final Map<String, String> KEYWORDS = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber",
            "2.5.4.12", "title",
            "2.5.4.42", "givenName",
            "2.5.4.4", "SN",
            "2.5.4.97", "organizationIdentifier");

    private DistinguishedNames() {
    }

    /** RFC 2253 form with readable keywords, e.g. {@code CN=gw1,O=Carrier}. */
    static String display(X500Principal name) {
        return name.getName(X500Principal.RFC2253, KEYWORDS);
    }

    static List<String> commonNames(X500Principal name) {
        List<String> names = new ArrayList<>();
        for (RDN rdn : X500Name.getInstance(name.getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN)) {
                    names.add(text(atv.getValue()));
                }
            }
        }
        return names;
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
    }
}
