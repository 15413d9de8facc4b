package io.securelink.bench.jmh;

import io.securelink.appliance.event.EventSink;
import io.securelink.appliance.tls.PeerVerifier;
import io.securelink.crypto.CertificateAuthority;
import io.securelink.crypto.Credentials;
import io.securelink.crypto.IdentityAllowList;
import io.securelink.crypto.KeyType;
import io.securelink.crypto.LeafSpec;
import io.securelink.crypto.PinSet;
import io.securelink.crypto.SpkiPin;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
 * The pin check of a presented chain (leaf + issuing CA, ECDSA P-256): the pin lookup alone, with the
 * leaf pinned or only the CA pinned, and the whole in-handshake verification a server-mode link runs on
 * a client chain (PKIX against the anchor, the signed path, pins, identity allow-list), for a chain seen
 * for the first time and for a peer reconnecting with a chain already accepted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PinCheckBenchmark {
    private List<X509Certificate> chain;
    private PinSet leafPinned;
    private PinSet caPinned;
    private PeerVerifier verifier;
    /** More distinct client chains than the verifier remembers, so cycling through them always misses. */
    private List<byte[][]> manyChains;
    private java.security.cert.CertificateFactory x509;
    private int next;

    @Setup
    public void setUp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("bench CA", KeyType.EC_P256, Duration.ofDays(30));
        Credentials client = ca.issue(LeafSpec.client("bench-client", List.of("spiffe://securelink.bench/client")));
        chain = List.of(client.leaf(), ca.certificate());
        SpkiPin other1 = new SpkiPin(filled((byte) 1));
        SpkiPin other2 = new SpkiPin(filled((byte) 2));
        leafPinned = PinSet.of(List.of(other1, other2, SpkiPin.of(client.leaf())));
        caPinned = PinSet.of(List.of(other1, other2, SpkiPin.of(ca.certificate())));
        x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        java.util.List<byte[][]> many = new java.util.ArrayList<>();
        java.util.List<SpkiPin> pins = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Credentials c = ca.issue(LeafSpec.client("bench-client-" + i, List.of("spiffe://securelink.bench/client")));
            many.add(new byte[][] {c.leaf().getEncoded(), ca.certificate().getEncoded()});
            pins.add(SpkiPin.of(c.leaf()));
        }
        pins.add(SpkiPin.of(client.leaf()));
        manyChains = List.copyOf(many);
        verifier = new PeerVerifier("bench", List.of(ca.certificate()), PinSet.of(pins),
                IdentityAllowList.parse(List.of("uri:spiffe://securelink.bench/client")), EventSink.NONE);
    }

    private static byte[] filled(byte b) {
        byte[] a = new byte[32];
        java.util.Arrays.fill(a, b);
        return a;
    }

    @Benchmark
    public Optional<X509Certificate> pinLookupLeafPinned() {
        return leafPinned.firstMatch(chain);
    }

    @Benchmark
    public Optional<X509Certificate> pinLookupCaPinned() {
        return caPinned.firstMatch(chain);
    }

    /** A peer seen before: answered from the verifier's memory of accepted chains. */
    @Benchmark
    public List<X509Certificate> fullPeerVerificationRepeatPeer() throws Exception {
        return verifier.check(chain, true);
    }

    /**
     * A chain seen for the first time, decoded from DER as a handshake delivers it (so no signature
     * check is cached on the certificate objects): PKIX, signed path, pins (301 of them), identity.
     */
    @Benchmark
    public List<X509Certificate> fullPeerVerificationFirstSight() throws Exception {
        byte[][] der = manyChains.get(next);
        next = (next + 1) % manyChains.size();
        List<X509Certificate> c = List.of(
                (X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(der[0])),
                (X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(der[1])));
        return verifier.check(c, true);
    }
}
