package io.securelink.crypto;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What a leaf certificate issued by {@link CertificateAuthority} says: subject CN, SANs, key type,
 * validity window and extended key usages. The factories give lab defaults: EC P-256, valid from one
 * hour ago for two years, usable for both server and client authentication.
 */
public record LeafSpec(String commonName, List<String> dnsNames, List<String> ipAddresses, List<String> uris,
                       KeyType keyType, Instant notBefore, Instant notAfter, boolean serverAuth, boolean clientAuth) {
    public LeafSpec {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a leaf needs a common name");
        }
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        uris = List.copyOf(uris);
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        for (String ip : ipAddresses) {
            if (IpLiterals.parse(ip).isEmpty()) {
                throw new IllegalArgumentException("'" + ip + "' is not an IPv4 or IPv6 address");
            }
        }
        for (String uri : uris) {
            try {
                if (!new URI(uri).isAbsolute()) {
                    throw new IllegalArgumentException("'" + uri + "' is not an absolute URI");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + uri + "' is not a valid URI: " + e.getReason(), e);
            }
        }
    }

    public static LeafSpec server(String cn, List<String> dns, List<String> ips) {
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        return new LeafSpec(cn, dns, ips, List.of(), KeyType.EC_P256, notBefore, twoYearsAfter(notBefore), true, true);
    }

    public static LeafSpec client(String cn, List<String> uris) {
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        return new LeafSpec(cn, List.of(), List.of(), uris, KeyType.EC_P256, notBefore, twoYearsAfter(notBefore), true, true);
    }

    private static Instant twoYearsAfter(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plusYears(2).toInstant();
    }

    public LeafSpec withKeyType(KeyType t) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, uris, t, notBefore, notAfter, serverAuth, clientAuth);
    }

    public LeafSpec withValidity(Instant nb, Instant na) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, uris, keyType, nb, na, serverAuth, clientAuth);
    }

    public LeafSpec withUsages(boolean server, boolean client) {
        return new LeafSpec(commonName, dnsNames, ipAddresses, uris, keyType, notBefore, notAfter, server, client);
    }
}
