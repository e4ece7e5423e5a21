package dev.eddy.bandits.bench;

import dev.eddy.bandits.mdp.ftrl.LogBarrierFtrl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue #4's decision-latency figure: computing π(·|s) for A = 100 actions with d = 64 dense features, i.e. the
 * cumulative losses L_a = ⟨φ(s, a), Θ⟩ (a 100×64 matrix-vector product) followed by the log-barrier FTRL step.
 * Θ is scaled so that η·L spreads over a few hundred, as after many episodes, which makes the probabilities
 * far from uniform and the root finding do real work. Several states rotate so that one fixed input is not
 * what gets measured. Target ≤ 20 µs. Run with {@code bandits/bench FtrlDecisionLatency}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FtrlDecisionLatencyBenchmark {

    static final int ACTIONS = 100;
    static final int DIM = 64;
    static final int STATES = 64;
    static final double ETA = 0.05;

    private final double[][][] features = new double[STATES][ACTIONS][DIM];
    private final double[] theta = new double[DIM];
    private final double[] out = new double[ACTIONS];
    private final LogBarrierFtrl ftrl = new LogBarrierFtrl(ACTIONS);
    private int next;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < DIM; i++) theta[i] = 100 * r.nextGaussian();
        for (double[][] state : features) {
            for (double[] phi : state) {
                for (int i = 0; i < DIM; i++) phi[i] = r.nextGaussian();
            }
        }
    }

    @Benchmark
    public double[] decision() {
        ftrl.policy(features[next++ & (STATES - 1)], ACTIONS, theta, ETA, out);
        return out;
    }
}
