package io.securelink.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinSourceTest {
    @TempDir
    static Path dir;
    static Openssl openssl;
    static String leafPin;
    static String caPin;

    @BeforeAll
    static void makeKeys() {
        openssl = new Openssl(dir);
        openssl.ca("ca", "/CN=Pin CA", Openssl.EC_P256);
        openssl.leaf("gw1", "/CN=gw1", "ca", List.of(), Openssl.RSA_2048);
        leafPin = openssl.pinOfCertificate("gw1.crt");
        caPin = openssl.pinOfCertificate("ca.crt");
    }

    @Test
    void certificateChainPemYieldsOneItemPerCertificate() throws Exception {
        List<PinnedItem> items = PinSource.read(dir.resolve("gw1-chain.pem"), null);

        assertEquals(2, items.size());
        assertEquals(new PinnedItem("certificate", "CN=gw1", "CN=Pin CA",
                PemFiles.readCertificates(dir.resolve("gw1.crt")).get(0).getNotAfter().toInstant(),
                SpkiPin.parse(leafPin)), items.get(0));
        assertEquals(caPin, items.get(1).pin().toString());
    }

    @Test
    void certificatesOnlyPemReadByTheFastPathGivesWhatBouncyCastlesParserGives() throws Exception {
        // openssl x509 -text style: text around the blocks, as chain files often carry.
        Path chain = dir.resolve("gw1-chain-text.pem");
        openssl.run("x509", "-in", "gw1.crt", "-text", "-out", "gw1-text.crt");
        Files.writeString(chain, Files.readString(dir.resolve("gw1-text.crt")) + "\n# the CA\n" + Files.readString(dir.resolve("ca.crt")));
        for (Path f : List.of(dir.resolve("gw1-chain.pem"), dir.resolve("gw1.crt"), chain)) {
            List<PinnedItem> jdk = PinSource.certificatesOnly(Files.readAllBytes(f)).orElseThrow();
            assertEquals(PinSource.fromPem(f, null), jdk, f.toString());
            assertEquals(jdk, PinSource.read(f, null));
        }
        // Anything but certificates, or a certificate the JDK cannot read, goes to Bouncy Castle's parser.
        assertTrue(PinSource.certificatesOnly(Files.readAllBytes(dir.resolve("gw1.key"))).isEmpty());
        Path mixed = dir.resolve("gw1-mixed.pem");
        Files.writeString(mixed, Files.readString(dir.resolve("gw1.crt")) + Files.readString(dir.resolve("gw1.key")));
        assertTrue(PinSource.certificatesOnly(Files.readAllBytes(mixed)).isEmpty());
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertTrue(PinSource.certificatesOnly(Files.readAllBytes(broken)).isEmpty());
        assertThrows(KeyMaterialException.class, () -> PinSource.read(broken, null));
    }

    @Test
    void certificateFastPathGivesTheFullParsersItemsForEveryKeyType() throws Exception {
        // RSA, EC P-256/P-384 and Ed25519 CAs and leaves (what the crypto module makes; it makes no ML-DSA keys),
        // with dates on both sides of 2050 (UTCTime and GeneralizedTime): the Bouncy Castle ASN.1 fast path
        // and the full path (Bouncy Castle's PEM parser, the JDK's certificate factory, the pin of the JDK
        // key's encoding) agree on every pin, subject, issuer and notAfter.
        java.time.Instant start = java.time.Instant.parse("2026-01-02T03:04:05Z");
        for (KeyType caType : KeyType.values()) {
            CertificateAuthority ca = CertificateAuthority.create("Fast CA " + caType, caType, java.time.Duration.ofDays(9000));
            for (KeyType leafType : KeyType.values()) {
                for (java.time.Instant end : List.of(start.plusSeconds(86_400), java.time.Instant.parse("2051-06-07T08:09:10Z"))) {
                    Credentials leaf = ca.issue(LeafSpec.server("gw-" + leafType, List.of("gw.example.net"), List.of("192.0.2.1"))
                            .withKeyType(leafType).withValidity(start, end));
                    Path chain = dir.resolve("fast-" + caType + "-" + leafType + "-" + end.getEpochSecond() + ".pem");
                    PemFiles.writePem(chain, leaf.chain(), false);
                    List<PinnedItem> fast = PinSource.certificatesOnly(Files.readAllBytes(chain)).orElseThrow();
                    assertEquals(PinSource.fromPem(chain, null), fast, chain.toString());
                    assertEquals(leaf.chain().size(), fast.size());
                    for (int i = 0; i < fast.size(); i++) {
                        assertEquals(SpkiPin.of(leaf.chain().get(i).getPublicKey()), fast.get(i).pin(), chain + " #" + i);
                    }
                    assertEquals(end, fast.get(0).notAfter());
                }
            }
        }
    }

    @Test
    void certificateFastPathLeavesAnythingUnusualToTheFullParser() throws Exception {
        String crt = Files.readString(dir.resolve("gw1.crt"));
        String body = crt.substring(crt.indexOf('\n') + 1, crt.indexOf("-----END"));
        for (String odd : List.of(
                "", "no pem here",
                crt.replace("-----END CERTIFICATE-----", ""),                                   // no END line
                "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n" + body + "-----END CERTIFICATE-----\n", // headers
                "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",                   // empty body
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",             // base64, not a certificate
                crt + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")) {          // another block type
            assertTrue(PinSource.certificatesOnly(odd.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEmpty(), odd);
        }
    }

    @Test
    void publicKeyPemYieldsPinOfTheKey() throws Exception {
        openssl.run("pkey", "-in", "gw1.key", "-pubout", "-out", "gw1.pub");

        PinnedItem item = PinSource.read(dir.resolve("gw1.pub"), null).get(0);
        assertEquals("public key", item.kind());
        assertEquals(leafPin, item.pin().toString());
        assertNull(item.subject());
    }

    @Test
    void csrPemYieldsPinAndSubject() throws Exception {
        openssl.run("req", "-new", "-key", "gw1.key", "-subj", "/O=Police/CN=gw1", "-out", "gw1.csr");

        PinnedItem item = PinSource.read(dir.resolve("gw1.csr"), null).get(0);
        assertEquals(new PinnedItem("csr", "CN=gw1,O=Police", null, null, SpkiPin.parse(leafPin)), item);
    }

    @Test
    void privateKeysYieldPinOfTheDerivedPublicKey() throws Exception {
        openssl.run("rsa", "-in", "gw1.key", "-traditional", "-out", "gw1-pkcs1.key");
        openssl.run("ec", "-in", "ca.key", "-out", "ca-sec1.key");
        openssl.run("pkcs8", "-topk8", "-in", "ca.key", "-passout", "pass:sesame", "-out", "ca-enc.key");

        assertEquals(new PinnedItem("private key", null, null, null, SpkiPin.parse(leafPin)),
                PinSource.read(dir.resolve("gw1.key"), null).get(0));
        assertEquals(leafPin, PinSource.read(dir.resolve("gw1-pkcs1.key"), null).get(0).pin().toString());
        assertEquals(caPin, PinSource.read(dir.resolve("ca-sec1.key"), null).get(0).pin().toString());
        assertEquals(caPin, PinSource.read(dir.resolve("ca-enc.key"), "sesame".toCharArray()).get(0).pin().toString());
    }

    @Test
    void ed25519AndX25519PrivateKeysYieldOpensslPins() throws Exception {
        for (String algorithm : List.of("ED25519", "X25519", "ED448")) {
            String key = algorithm + ".key";
            openssl.run("genpkey", "-algorithm", algorithm, "-out", key);
            String expected = "sha256/" + openssl.bash("openssl pkey -in " + key
                    + " -pubout -outform der | openssl dgst -sha256 -binary | base64").strip();

            assertEquals(expected, PinSource.read(dir.resolve(key), null).get(0).pin().toString(), algorithm);
        }
    }

    @Test
    void derCertificateYieldsItsPin() throws Exception {
        openssl.run("x509", "-in", "gw1.crt", "-outform", "DER", "-out", "gw1.cer");

        List<PinnedItem> items = PinSource.read(dir.resolve("gw1.cer"), null);
        assertEquals(1, items.size());
        assertEquals(leafPin, items.get(0).pin().toString());
    }

    @Test
    void pkcs12WithoutPasswordYieldsItsCertificates() throws Exception {
        openssl.run("pkcs12", "-export", "-inkey", "gw1.key", "-in", "gw1.crt", "-certfile", "ca.crt",
                "-passout", "pass:", "-out", "gw1.p12");
        openssl.run("pkcs12", "-export", "-inkey", "gw1.key", "-in", "gw1.crt", "-certfile", "ca.crt",
                "-keypbe", "NONE", "-certpbe", "NONE", "-nomac", "-passout", "pass:", "-out", "gw1-plain.bin");

        for (String file : List.of("gw1.p12", "gw1-plain.bin")) {
            List<PinnedItem> items = PinSource.read(dir.resolve(file), null);
            assertEquals(List.of(leafPin, caPin), items.stream().map(i -> i.pin().toString()).toList(), file);
            assertEquals("CN=gw1", items.get(0).subject());
        }
    }

    @Test
    void fileWithNothingPinnableIsExplained() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-out", "params.pem");
        Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3, 4});
        Path params = dir.resolve("params.pem");
        Path junk = dir.resolve("junk.bin");

        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> PinSource.read(params, null));
        assertTrue(e.getMessage().startsWith("nothing to pin in " + params + " (found: EC parameters"), e.getMessage());
        KeyMaterialException j = assertThrows(KeyMaterialException.class, () -> PinSource.read(junk, null));
        assertTrue(j.getMessage().startsWith(junk + " holds no certificate or key: it is not PEM (no -----BEGIN line),"
                + " a DER certificate or a PKCS#12 file"), j.getMessage());
        assertFalse(j.getMessage().contains("toDerInputStream") || j.getMessage().contains("tag type"), j.getMessage());
    }
}
