package io.securelink.crypto;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The trust anchors of a link, read from one PEM bundle; the same list feeds {@link ChainVerifier}
 * and the JDK trust managers, so offline checks and live handshakes agree.
 */
public final class TrustBundle {
    private TrustBundle() {
    }

    /** Every certificate of the bundle in order, exact duplicates dropped; a bundle without any is an error. */
    public static List<X509Certificate> load(Path pemBundle) throws KeyMaterialException {
        List<X509Certificate> anchors = new ArrayList<>();
        for (X509Certificate c : PemFiles.readCertificates(pemBundle)) {
            if (!anchors.contains(c)) {
                anchors.add(c);
            }
        }
        return List.copyOf(anchors);
    }
}
