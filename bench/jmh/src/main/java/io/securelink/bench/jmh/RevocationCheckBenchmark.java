package io.securelink.bench.jmh;

import io.securelink.appliance.config.RevocationConfig;
import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.tls.PeerVerifier;
import io.securelink.appliance.tls.RevocationCheck;
import io.securelink.appliance.tls.RevocationVerdict;
import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.LeafSpec;
import io.securelink.crypto.PemFiles;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.RevocationList;
import io.securelink.crypto.SpkiPin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What CRL checking adds to a handshake: the revocation check of a verified chain (leaf + CA) against a
 * 1,000-entry CRL made by {@code openssl ca -gencrl}, alone and inside the whole in-handshake
 * verification of a reconnecting peer (compare with {@code PinCheckBenchmark.fullPeerVerificationRepeatPeer}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RevocationCheckBenchmark {
    private List<X509Certificate> chain;
    private RevocationCheck crl;
    private PeerVerifier verifier;

    @Setup
    public void setUp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("bench CA", KeyType.EC_P256, Duration.ofDays(30));
        Credentials client = ca.issue(LeafSpec.client("bench-client", List.of("spiffe://securelink.bench/client")));
        chain = List.of(client.leaf(), ca.certificate());
        Path dir = Files.createTempDirectory("securelink-crl-bench");
        PemFiles.writePem(dir.resolve("ca.crt"), ca.certificate(), false);
        PemFiles.writePem(dir.resolve("ca.key"), ca.credentials().key(), true);
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            index.append("R\t351231235959Z\t250101000000Z,keyCompromise\t").append(Integer.toHexString(0xB000 + i).toUpperCase())
                    .append("\tunknown\t/CN=revoked-").append(i).append('\n');
        }
        Files.writeString(dir.resolve("index.txt"), index.toString());
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=" + dir.resolve("index.txt") + "\ncrlnumber="
                + dir.resolve("crlnumber") + "\ncertificate=" + dir.resolve("ca.crt") + "\nprivate_key=" + dir.resolve("ca.key")
                + "\ndefault_md=sha256\ndefault_crl_days=7\n");
        Process p = new ProcessBuilder("openssl", "ca", "-config", dir.resolve("ca.cnf").toString(), "-gencrl", "-out",
                dir.resolve("ca.crl").toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl ca -gencrl failed");
        }
        RevocationList list = RevocationList.read(dir.resolve("ca.crl"));
        if (list.entries() != 1000) {
            throw new IllegalStateException("CRL has " + list.entries() + " entries");
        }
        RevocationConfig cfg = new RevocationConfig(List.of(dir.resolve("ca.crl")), List.of(list), RevocationConfig.CrlStale.REFUSE,
                RevocationConfig.OcspMode.OFF, Optional.empty(), RevocationConfig.DEFAULT_OCSP_TIMEOUT, false);
        crl = RevocationCheck.of(cfg, List.of(ca.certificate()));
        verifier = new PeerVerifier("bench", List.of(ca.certificate()), PinSet.of(List.of(SpkiPin.of(client.leaf()))),
                IdentityAllowList.parse(List.of("uri:spiffe://securelink.bench/client")), crl, EventSink.NONE);
    }

    @Benchmark
    public RevocationVerdict crlCheckOfChain1000Entries() {
        return crl.check(chain, Instant.now());
    }

    @Benchmark
    public List<X509Certificate> fullPeerVerificationRepeatPeerWithCrl() throws Exception {
        return verifier.check(chain, true);
    }
}
