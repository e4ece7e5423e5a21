package dev.eddy.bandits.bench;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.NeuCbConfig;
import dev.eddy.events.features.SparseVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Issue #3's throughput figure: one NeuFastCB round (predict all K actions, sample by inverse gap weighting, one
 * update on the chosen action) with 2 hidden layers of 64 units, a 128-dimensional dense joint feature and K = 10,
 * on one thread. Run with {@code bandits/bench NeuCbThroughput}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class NeuCbThroughputBenchmark {

    static final int DIM = 128;
    static final int ACTIONS = 10;
    static final int ROUNDS = 256;

    @Param({"0", "0.01"})
    double sigma;

    private NeuCB learner;
    private final List<BanditRound> rounds = new ArrayList<>();
    private final SplittableRandom rng = new SplittableRandom(7);
    private int next;

    @Setup
    public void setup() {
        learner = new NeuCB(NeuCbConfig.fastCbDefaults(1).withSigma(sigma), DIM);
        SplittableRandom r = new SplittableRandom(3);
        int[] idx = new int[DIM];
        for (int i = 0; i < DIM; i++) idx[i] = i;
        for (int t = 0; t < ROUNDS; t++) {
            List<SparseVector> actions = new ArrayList<>(ACTIONS);
            for (int a = 0; a < ACTIONS; a++) {
                float[] v = new float[DIM];
                for (int i = 0; i < DIM; i++) v[i] = (float) r.nextGaussian();
                actions.add(new SparseVector(idx.clone(), v, DIM));
            }
            rounds.add(new BanditRound(actions));
        }
    }

    @Benchmark
    public int round() {
        BanditRound round = rounds.get(next++ & (ROUNDS - 1));
        Choice c = learner.choose(round, rng);
        learner.learn(round, c.action(), c.probability(), rng.nextDouble() < 0.3 ? 1.0 : 0.0);
        return c.action();
    }
}
