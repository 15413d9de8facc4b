package io.securelink.bench.jmh;

import io.securelink.appliance.config.CidrBlock;
import io.securelink.appliance.policy.Decision;
import io.securelink.appliance.policy.SourceRules;
import java.net.InetAddress;
import java.util.ArrayList;
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
 * CIDR matching over 1,000 source rules (a large site list): the first rule, the last rule, and an
 * address in no rule (the default-deny path, which walks every rule).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CidrMatchBenchmark {
    static final int RULES = 1000;
    private SourceRules rules;
    private InetAddress first;
    private InetAddress last;
    private InetAddress none;

    @Setup
    public void setUp() throws Exception {
        List<CidrBlock> allow = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            allow.add(CidrBlock.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"));
        }
        rules = new SourceRules(allow, List.of(CidrBlock.parse("192.0.2.0/24")));
        first = InetAddress.getByName("10.0.0.9");
        last = InetAddress.getByName("10." + ((RULES - 1) / 256) + "." + ((RULES - 1) % 256) + ".9");
        none = InetAddress.getByName("172.16.1.1");
    }

    @Benchmark
    public Decision matchFirstOf1000() {
        return rules.evaluate(first);
    }

    @Benchmark
    public Decision matchLastOf1000() {
        return rules.evaluate(last);
    }

    @Benchmark
    public Decision defaultDenyAfter1000() {
        return rules.evaluate(none);
    }
}
