package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustBundleTest {
    @TempDir
    Path dir;

    @Test
    void bundleLoadsEveryAnchorOnceInOrder() throws Exception {
        Openssl openssl = new Openssl(dir);
        openssl.ca("a", "/CN=Anchor A", Openssl.EC_P256);
        openssl.ca("b", "/CN=Anchor B", Openssl.ED25519);
        openssl.bash("cat a.crt b.crt a.crt > bundle.pem");

        assertEquals(PemFiles.readCertificates(dir.resolve("a.crt")).get(0).getSubjectX500Principal().getName(),
                TrustBundle.load(dir.resolve("bundle.pem")).get(0).getSubjectX500Principal().getName());
        assertEquals(2, TrustBundle.load(dir.resolve("bundle.pem")).size());
    }

    @Test
    void emptyBundleIsAnError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# no anchors yet\n");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> TrustBundle.load(empty));
        assertEquals("no certificate in " + empty + " (no PEM block found)", e.getMessage());
    }
}
