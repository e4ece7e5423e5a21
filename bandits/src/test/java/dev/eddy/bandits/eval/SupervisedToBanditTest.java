package dev.eddy.bandits.eval;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.features.FeatureHasher;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.features.SparseVector;
import dev.eddy.events.readers.ClassificationDataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SupervisedToBanditTest {

    /** 3 classes, 2 informative features and one constant one; every context distinct. */
    static ClassificationDataset tiny(int n) {
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i] = new float[] {y[i] * 10f + i * 0.01f, 1000f - i, 7f};
        }
        return new ClassificationDataset("tiny", List.of("a", "b", "const"), x, y, 3, new int[] {1, 2, 3});
    }

    @Test
    void oneArmPerClassRewardOneForTheTrueClass() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(30));
        assertThat(p.actions()).isEqualTo(3);
        assertThat(p.contextDimension()).isEqualTo(3);
        assertThat(p.dimension()).isEqualTo(12); // (3 + a constant) per action
        for (int i = 0; i < 30; i++) {
            for (int a = 0; a < 3; a++) assertThat(p.reward(i, a)).isEqualTo(a == i % 3 ? 1.0 : 0.0);
        }
        assertThatThrownBy(() -> p.reward(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allPairsInteractionsHashTheColumnsAndTheirProductsIntoEachActionsBlock() {
        SupervisedToBandit plain = new SupervisedToBandit(tiny(30));
        SupervisedToBandit p = new SupervisedToBandit(tiny(30), Interactions.allPairs(8));
        int block = (1 << 8) + 1;
        assertThat(p.dimension()).isEqualTo(3 * block);
        float[] c = p.context(4);
        FeatureHasher h = new FeatureHasher(new HashingConfig(8, 0, false,
                List.of(new HashingConfig.Cross("x", "x")), false));
        SparseVector expected = h.hash(Map.of("x", Map.of("a", (double) c[0], "b", (double) c[1], "const", 0.0)));
        // a, b, a·b, a², b² (the constant column is 0 after standardization): at most 5 hashed coordinates.
        assertThat(expected.indices().length).isBetween(3, 5);
        BanditRound r = p.round(4);
        for (int a = 0; a < 3; a++) {
            SparseVector v = r.actions().get(a);
            int n = expected.indices().length;
            assertThat(v.indices()).hasSize(n + 1);
            for (int j = 0; j < n; j++) {
                assertThat(v.indices()[j]).isEqualTo(a * block + expected.indices()[j]);
                assertThat(v.values()[j]).isEqualTo(expected.values()[j]);
            }
            assertThat(v.indices()[n]).isEqualTo(a * block + block - 1);
            assertThat(v.values()[n]).isEqualTo(1f);
        }
        assertThat(p.round(4).actions().get(1).indices()).isEqualTo(r.actions().get(1).indices());
        assertThat(plain.round(4).actions().get(0).indices()).hasSize(3);
    }

    @Test
    void contextsAreStandardizedAndDisjointlyEncoded() {
        int n = 30;
        SupervisedToBandit p = new SupervisedToBandit(tiny(n));
        for (int j = 0; j < 3; j++) {
            int col = j;
            double[] v = IntStream.range(0, n).mapToDouble(i -> p.context(i)[col]).toArray();
            double mean = Arrays.stream(v).average().orElseThrow();
            double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / n;
            assertThat(mean).as("mean of feature " + j).isCloseTo(0, within(1e-5));
            // The constant feature carries nothing and becomes 0, not NaN.
            assertThat(var).as("variance of feature " + j).isCloseTo(j == 2 ? 0 : 1, within(1e-4));
        }
        BanditRound r = p.round(4);
        float[] c = p.context(4);
        assertThat(r.size()).isEqualTo(3);
        for (int a = 0; a < 3; a++) {
            var v = r.actions().get(a);
            assertThat(v.dimension()).isEqualTo(12);
            // The context (its zero column left out), then the action's own constant.
            assertThat(v.indices()).containsExactly(a * 4, a * 4 + 1, a * 4 + 3);
            assertThat(v.values()).containsExactly(c[0], c[1], 1f);
        }
    }

    @Test
    void orderIsASeededPermutationPrefixOrDrawsWithReplacement() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(30));
        int[] prefix = p.order(20, 5);
        assertThat(Arrays.stream(prefix).distinct().count()).isEqualTo(20);
        assertThat(Arrays.stream(prefix).allMatch(i -> i >= 0 && i < 30)).isTrue();
        assertThat(p.order(20, 5)).isEqualTo(prefix);
        assertThat(p.order(20, 6)).isNotEqualTo(prefix);
        int[] all = p.order(30, 5);
        assertThat(Arrays.stream(all).sorted().toArray()).isEqualTo(IntStream.range(0, 30).toArray());

        int[] many = p.order(3000, 5);
        assertThat(Arrays.stream(many).allMatch(i -> i >= 0 && i < 30)).isTrue();
        assertThat(Arrays.stream(many).distinct().count()).isEqualTo(30);
        assertThat(p.order(3000, 5)).isEqualTo(many);
    }

    @Test
    void regretIsRoundsMinusRewardRoundByRound() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(30));
        Policies policies = TestPolicies.registry(p);
        EvalResult r = Evaluation.run(p, policies, "first", Map.of(), 100, 11);
        // Recompute from the same order: "first" earns 1 exactly when the true class is 0.
        int[] order = Evaluation.order(p, 100, 11);
        double regret = 0;
        for (int t = 0; t < 100; t++) {
            regret += p.label(order[t]) == 0 ? 0 : 1;
            assertThat(r.cumulativeRegret()[t]).as("round " + t).isEqualTo(regret);
        }
        assertThat(r.rounds()).isEqualTo(100);
        assertThat(r.regret()).isEqualTo(100 - r.totalReward());
        assertThat(r.averageReward()).isEqualTo(r.totalReward() / 100);
        assertThat(r.roundsPerSecond()).isPositive();
        assertThat(r.wallNanos()).isGreaterThanOrEqualTo(r.policyNanos());
    }

    @Test
    void theOracleHasNoRegretAndUniformHasTheExpectedRegret() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(300));
        Policies policies = TestPolicies.registry(p);
        EvalSummary oracle = Evaluation.runSeeds(p, policies, "oracle", Map.of(), 2000, 3, 1);
        assertThat(oracle.meanRegret()).isZero();
        assertThat(oracle.meanReward()).isEqualTo(1.0);
        assertThat(oracle.meanCurve()).containsOnly(0.0);

        int t = 30_000;
        EvalSummary uniform = Evaluation.runSeeds(p, policies, "uniform", Map.of(), t, 4, 1);
        double expected = t * (1 - 1.0 / 3);
        // Per seed the regret is Binomial(T, 2/3): sd = sqrt(T·2/9) ≈ 82; the mean of 4 seeds within 5 sd of it.
        double sd = Math.sqrt(t * (2.0 / 9) / 4);
        assertThat(uniform.meanRegret()).isCloseTo(expected, within(5 * sd));
        assertThat(uniform.meanReward()).isCloseTo(1.0 / 3, within(0.01));
        assertThat(uniform.stdRegret()).isPositive();
        assertThat(uniform.seeds()).isEqualTo(4);
        assertThat(uniform.line()).matches("uniform regret=\\d+\\.\\d ±\\d+\\.\\d reward=0\\.3\\d\\d rounds/s=\\d+");
    }

    @Test
    void runsAreDeterministicGivenTheSeed() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(50));
        Policies policies = TestPolicies.registry(p);
        EvalResult a = Evaluation.run(p, policies, "uniform", Map.of(), 500, 42);
        EvalResult b = Evaluation.run(p, policies, "uniform", Map.of(), 500, 42);
        EvalResult c = Evaluation.run(p, policies, "uniform", Map.of(), 500, 43);
        assertThat(b.cumulativeRegret()).isEqualTo(a.cumulativeRegret());
        assertThat(c.cumulativeRegret()).isNotEqualTo(a.cumulativeRegret());
    }

    @Test
    void summaryAggregatesSeeds() {
        EvalResult r1 = new EvalResult("x", 1, new double[] {1, 1, 2}, 1, 10, 5);
        EvalResult r2 = new EvalResult("x", 2, new double[] {0, 1, 0}, 3, 10, 5);
        EvalSummary s = EvalSummary.of(List.of(r1, r2));
        assertThat(s.meanRegret()).isEqualTo(1.0);
        assertThat(s.stdRegret()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(s.meanReward()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.meanCurve()).containsExactly(0.5, 1.0, 1.0);
        assertThat(s.roundsPerSecond()).isCloseTo(3 / 5e-9, within(1.0));
        assertThatThrownBy(() -> EvalSummary.of(List.of(r1, new EvalResult("y", 1, new double[3], 0, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownPolicyNamesTheKnownOnes() {
        SupervisedToBandit p = new SupervisedToBandit(tiny(10));
        assertThatThrownBy(() -> Evaluation.run(p, TestPolicies.registry(p), "neufastcbb", Map.of(), 10, 1))
                .isInstanceOf(UnknownPolicyException.class)
                .hasMessageContaining("unknown policy 'neufastcbb'")
                .hasMessageContaining("uniform, first, oracle");
        assertThatThrownBy(() -> Policies.empty().register("a.b", (d, k, s, m) -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
