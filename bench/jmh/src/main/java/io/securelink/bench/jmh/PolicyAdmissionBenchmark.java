package io.securelink.bench.jmh;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.config.PolicyConfig;
import io.securelink.appliance.policy.Admission;
import io.securelink.appliance.policy.LinkPolicy;
import java.net.InetAddress;
import java.util.List;
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
 * The policy check every accepted connection pays before any TLS work: source rules, per-source rate
 * bucket, connection and handshake limits, then the release when the connection ends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyAdmissionBenchmark {
    private Admission admission;
    private PolicyConfig policy;
    private LinkPolicy rules;
    private InetAddress allowed;
    private InetAddress denied;

    @Setup
    public void setUp() throws Exception {
        List<CidrBlock> sources = List.of(CidrBlock.parse("10.20.0.0/16"), CidrBlock.parse("127.0.0.0/8"),
                CidrBlock.parse("2001:db8::/32"));
        List<CidrBlock> deny = List.of(CidrBlock.parse("10.20.9.0/24"));
        PolicyConfig.Rate rate = PolicyConfig.Rate.parse("1000000000/s");
        rate = new PolicyConfig.Rate(rate.perSecond(), 1_000_000_000, rate.text());
        policy = new PolicyConfig(sources, deny, 1_000_000, 1_000_000, rate, 1_000_000, List.of(), 1_000_000, 64);
        rules = new LinkPolicy(policy, false, java.util.Optional.empty());
        admission = new Admission();
        allowed = InetAddress.getByName("127.0.0.1");
        denied = InetAddress.getByName("10.20.9.7");
    }

    /** Accept-time gate for an allowed source, and the release when the connection closes. */
    @Benchmark
    public Admission.Result admitAndRelease() {
        Admission.Result r = admission.admit(allowed, rules, System.nanoTime());
        r.ticket().handshakeDone();
        r.ticket().release();
        return r;
    }

    /** A denied source: refused on the rules alone. */
    @Benchmark
    public Admission.Result refuseDeniedSource() {
        return admission.admit(denied, rules, System.nanoTime());
    }
}
