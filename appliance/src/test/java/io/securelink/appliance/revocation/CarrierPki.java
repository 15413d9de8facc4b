package io.securelink.appliance.revocation;

import io.securelink.appliance.support.OpensslCa;
import java.nio.file.Path;

/**
 * The carrier PKI of the revocation tests, made with {@code openssl ca}: a root, a sub-CA under it, a
 * server leaf and two site leaves (a, b) from the sub-CA. The trust bundle holds the root only, so the
 * sub-CA's CRL is checked against the sub-CA certificate each peer presents.
 */
final class CarrierPki {
    final OpensslCa root;
    final OpensslCa sub;
    final OpensslCa.Issued server;
    final OpensslCa.Issued siteA;
    final OpensslCa.Issued siteB;
    final Path rootCrl;
    final Path subCrl;

    CarrierPki(Path dir) {
        root = OpensslCa.root(dir, "root-ca", "i14 Carrier Root CA");
        sub = root.subCa("sub-ca", "i14 Carrier Sub CA");
        server = sub.issue("server", "DNS:localhost,IP:127.0.0.1");
        siteA = sub.issue("site-a", "URI:spiffe://carrier/site-a");
        siteB = sub.issue("site-b", "URI:spiffe://carrier/site-b");
        rootCrl = dir.resolve("root.crl");
        subCrl = dir.resolve("sub.crl");
        root.crl(rootCrl);
        sub.crl(subCrl);
    }
}
