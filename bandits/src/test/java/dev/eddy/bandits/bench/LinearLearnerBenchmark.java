package dev.eddy.bandits.bench;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.HashingConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue #20's per-example cost of the linear learners: one round (predict all K actions, draw, learn the played
 * one) on the learner job's encoding (hashed joint features, 2^10, {@code user:item} crosses or all pairs,
 * K = 10 candidates of ~20 non-zero features), on one thread, as {@link Policies#standard()} builds each learner:
 * {@code squarecb-linear} (normalized oracle), {@code squarecb-adagrad} (the earlier default, AdaGrad at 0.1,
 * γ = 10·sqrt(t)), {@code epsilon-greedy} (normalized) and {@code epsilon-greedy-adagrad}. Run with
 * {@code bandits/bench LinearLearner}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class LinearLearnerBenchmark {
    static final int ACTIONS = 10;
    static final int ROUNDS = 256;

    @Param({"squarecb-linear", "squarecb-adagrad", "epsilon-greedy", "epsilon-greedy-adagrad"})
    String learner;

    @Param({"user:item", "*:*"})
    String crosses;

    /** The learner job's default (learner.hashing-bits); at 18 the weight arrays leave the caches. */
    @Param({"10"})
    int bits;

    private ContextualBandit bandit;
    private final List<BanditRound> rounds = new ArrayList<>();
    private final SplittableRandom rng = new SplittableRandom(7);
    private int next;

    @Setup
    public void setup() {
        HashingConfig hashing = HashingConfig.ofBits(bits).withCrosses(crosses);
        JointEncoder encoder = new JointEncoder(hashing);
        bandit = switch (learner) {
            case "squarecb-adagrad" -> Policies.standard().create("squarecb-linear", hashing.dimension(), ACTIONS, 1,
                    Map.of("regression", "adagrad", "lr", "0.1", "gamma-scale", "10"));
            case "epsilon-greedy-adagrad" -> Policies.standard().create("epsilon-greedy", hashing.dimension(), ACTIONS,
                    1, Map.of("regression", "adagrad", "lr", "0.1"));
            default -> Policies.standard().create(learner, hashing.dimension(), ACTIONS, 1, Map.of());
        };
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < ROUNDS; t++) {
            Map<String, Double> user = new HashMap<>();
            for (int i = 0; i < 6; i++) user.put("u" + r.nextInt(1000), 1.0);
            user.put("age", r.nextDouble());
            List<Candidate> candidates = new ArrayList<>();
            for (int a = 0; a < ACTIONS; a++) {
                Map<String, Double> item = new HashMap<>();
                item.put("id=" + r.nextInt(5000), 1.0);
                for (int i = 0; i < 10; i++) item.put("tag" + r.nextInt(300), 1.0);
                item.put("price", r.nextDouble());
                candidates.add(new Candidate("c" + a, Map.of("item", item)));
            }
            rounds.add(encoder.encode(Map.of("user", user), candidates));
        }
    }

    @Benchmark
    public int round() {
        BanditRound round = rounds.get(next++ & (ROUNDS - 1));
        Choice c = bandit.choose(round, rng);
        bandit.learn(round, c.action(), c.probability(), rng.nextDouble() < 0.3 ? 1.0 : 0.0);
        return c.action();
    }
}
