package dev.eddy.serving.rank;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.events.event.Candidate;
import dev.eddy.serving.RankingPolicies;
import dev.eddy.serving.VariantPlan;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The fixed policies a variant names, as serving builds them (bandits' slate policies) and asks them per request. */
class RankingPoliciesTest {
    private static final CandidateSet FIVE = new CandidateSet(
            IntStream.range(0, 5).mapToObj(i -> Candidate.of("i" + i)).toList(),
            new double[]{0.1, 0.9, Double.NaN, 0.5, 0.7});

    private static SlatePolicy policy(String name, Map<String, String> params) {
        return RankingPolicies.fixed(new VariantPlan(name, "recs", null, params), 0.1);
    }

    private static Slate rank(SlatePolicy policy, int k, SplittableRandom rng) {
        return policy.rank(FIVE.request(Map.of(), null), k, rng);
    }

    @Test
    void mfTopKOrdersByScoreWithUnknownScoresLast() {
        SlatePolicy mf = policy("mf-topk", Map.of());
        Slate r = rank(mf, 5, new SplittableRandom(1));
        assertThat(r.actions()).containsExactly(1, 4, 3, 0, 2);
        assertThat(r.propensities()).containsOnly(1.0);
        assertThat(r.scores()[0]).isEqualTo(0.9);
        assertThat(r.distribution()).isNull();
        assertThat(mf.name()).isEqualTo("mf-topk");
        assertThat(mf.modelVersion()).isNull();
    }

    /** Each logged slot probability must be the frequency with which that slot takes that item, given the slots above. */
    @Test
    void loggedProbabilitiesMatchTheDrawFrequencies() {
        for (SlatePolicy policy : List.of(policy("uniform", Map.of()), policy("epsilon-greedy", Map.of("epsilon", "0.3")))) {
            SplittableRandom rng = new SplittableRandom(7);
            Map<String, Integer> counts = new HashMap<>();
            Map<String, Double> logged = new HashMap<>();
            int n = 40_000;
            for (int t = 0; t < n; t++) {
                Slate r = rank(policy, 2, rng);
                assertThat(r.actions()).doesNotHaveDuplicates().hasSize(2);
                String first = "first=" + r.actions()[0];
                counts.merge(first, 1, Integer::sum);
                logged.put(first, r.propensities()[0]);
                assertThat(r.distribution()[r.actions()[0]]).isCloseTo(r.propensities()[0], within(1e-12));
            }
            logged.forEach((key, p) -> assertThat(counts.get(key) / (double) n)
                    .as(policy.name() + " " + key).isCloseTo(p, within(0.01)));
        }
    }

    @Test
    void epsilonZeroIsTheMfOrder() {
        Slate r = rank(policy("epsilon-greedy", Map.of("epsilon", "0")), 3, new SplittableRandom(3));
        assertThat(r.actions()).containsExactly(1, 4, 3);
        assertThat(r.propensities()).containsOnly(1.0);
    }

    @Test
    void plansNameKnownPoliciesAndTheirModels() {
        assertThatThrownBy(() -> RankingPolicies.check(new VariantPlan("greedy", "recs", null, Map.of()), "v"))
                .hasMessageContaining("unknown policy 'greedy'");
        assertThatThrownBy(() -> RankingPolicies.check(new VariantPlan("neucb", "recs", null, Map.of()), "v"))
                .hasMessageContaining("needs a banditModel");
        assertThatThrownBy(() -> RankingPolicies.check(new VariantPlan("epsilon-greedy", "recs", null,
                Map.of("epsilon", "2")), "v")).hasMessageContaining("params.epsilon");
        assertThat(RankingPolicies.fixed(new VariantPlan("neucb", "recs", "b", Map.of()), 0.1)).isNull();
    }
}
