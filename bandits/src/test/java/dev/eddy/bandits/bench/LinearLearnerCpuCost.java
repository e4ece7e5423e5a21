package dev.eddy.bandits.bench;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.features.HashingConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@link LinearLearnerBenchmark}'s round measured in thread CPU time rather than wall time, so that other processes
 * on a shared machine do not count: the four learners interleaved, 50,000 rounds each per repetition, 2 warm-up
 * repetitions, the median of 7. Run with
 * {@code java -cp bandits/target/test-classes:bandits/target/classes:<bandits' classpath> dev.eddy.bandits.bench.LinearLearnerCpuCost}.
 */
public final class LinearLearnerCpuCost {
    private LinearLearnerCpuCost() {}

    public static void main(String[] a) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"squarecb-linear", "squarecb-adagrad", "epsilon-greedy", "epsilon-greedy-adagrad"};
        for (String crosses : new String[]{"user:item", "*:*"}) {
            HashingConfig hashing = HashingConfig.ofBits(10).withCrosses(crosses);
            JointEncoder enc = new JointEncoder(hashing);
            List<BanditRound> rounds = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(3);
            for (int t = 0; t < 256; t++) {
                Map<String, Double> user = new HashMap<>();
                for (int i = 0; i < 6; i++) user.put("u" + r.nextInt(1000), 1.0);
                user.put("age", r.nextDouble());
                List<Candidate> cs = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    Map<String, Double> item = new HashMap<>();
                    item.put("id=" + r.nextInt(5000), 1.0);
                    for (int i = 0; i < 10; i++) item.put("tag" + r.nextInt(300), 1.0);
                    item.put("price", r.nextDouble());
                    cs.add(new Candidate("c" + k, Map.of("item", item)));
                }
                rounds.add(enc.encode(Map.of("user", user), cs));
            }
            ContextualBandit[] ls = new ContextualBandit[names.length];
            for (int i = 0; i < names.length; i++) {
                ls[i] = switch (names[i]) {
                    case "squarecb-adagrad" -> Policies.standard().create("squarecb-linear", hashing.dimension(), 10, 1,
                            Map.of("regression", "adagrad", "lr", "0.1", "gamma-scale", "10"));
                    case "epsilon-greedy-adagrad" -> Policies.standard().create("epsilon-greedy", hashing.dimension(),
                            10, 1, Map.of("regression", "adagrad", "lr", "0.1"));
                    default -> Policies.standard().create(names[i], hashing.dimension(), 10, 1, Map.of());
                };
            }
            double[][] ns = new double[names.length][7];
            SplittableRandom rng = new SplittableRandom(7);
            int n = 50000;
            for (int rep = -2; rep < 7; rep++) {
                for (int i = 0; i < names.length; i++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int t = 0; t < n; t++) {
                        BanditRound round = rounds.get(t & 255);
                        Choice c = ls[i].choose(round, rng);
                        ls[i].learn(round, c.action(), c.probability(), rng.nextDouble() < 0.3 ? 1.0 : 0.0);
                    }
                    long c1 = mx.getCurrentThreadCpuTime();
                    if (rep >= 0) ns[i][rep] = (c1 - c0) / (double) n;
                }
            }
            int nnz = rounds.get(0).actions().get(0).size();
            for (int i = 0; i < names.length; i++) {
                Arrays.sort(ns[i]);
                System.out.printf("crosses=%s (nnz/action=%d) %-24s %.0f ns CPU per round (median of 7; min %.0f, max %.0f)%n",
                        crosses, nnz, names[i], ns[i][3], ns[i][0], ns[i][6]);
            }
        }
    }
}
