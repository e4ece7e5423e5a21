package dev.eddy.bandits.slate;

import dev.eddy.events.event.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SlatePoliciesTest {
    private static final List<Candidate> FIVE = IntStream.range(0, 5).mapToObj(i -> Candidate.of("i" + i)).toList();
    private static final SlateRequest SCORED = new SlateRequest(Map.of(), FIVE, new double[]{0.1, 0.9, Double.NaN, 0.5, 0.7}, null);

    @Test
    void theFixedPoliciesAreBuiltByName() {
        assertThat(SlatePolicies.fixed("mf-topk", Map.of(), 0.1)).isInstanceOf(MfTopK.class);
        assertThat(SlatePolicies.fixed("uniform", Map.of(), 0.1)).isSameAs(SlatePolicies.uniform());
        assertThat(((MfEpsilonGreedy) SlatePolicies.fixed("epsilon-greedy", Map.of(), 0.2)).epsilon()).isEqualTo(0.2);
        assertThat(((MfEpsilonGreedy) SlatePolicies.fixed("epsilon-greedy", Map.of("epsilon", "0.05"), 0.2)).epsilon())
                .isEqualTo(0.05);
        assertThat(SlatePolicies.fixed("neucb", Map.of(), 0.1)).isNull();
        assertThat(SlatePolicies.needsLearnedModel("bandit")).isTrue();
        assertThat(SlatePolicies.needsScores("uniform")).isFalse();
        assertThatThrownBy(() -> SlatePolicies.fixed("epsilon-greedy", Map.of("epsilon", "x"), 0.1))
                .hasMessageContaining("params.epsilon must be a number in [0, 1], was 'x'");
    }

    @Test
    void aDeterministicSlatesFirstSlotPutsAllMassOnItsAction() {
        Slate mf = new MfTopK().rank(SCORED, 2, new SplittableRandom(1));
        assertThat(mf.distribution()).isNull();
        assertThat(mf.firstSlotDistribution(5)).containsExactly(0, 1, 0, 0, 0);
        Slate uniform = new UniformSlates().rank(SCORED, 2, new SplittableRandom(1));
        assertThat(uniform.firstSlotDistribution(5)).isSameAs(uniform.distribution());
        Slate drawn = new Slate(new int[]{3}, new double[]{0.5}, null, null);
        assertThatThrownBy(() -> drawn.firstSlotDistribution(5)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void slatesRefuseImpossibleProbabilitiesAndSlots() {
        assertThatThrownBy(() -> new Slate(new int[]{0}, new double[]{0}, null, null)).hasMessageContaining("outside (0, 1]");
        assertThatThrownBy(() -> new Slate(new int[]{0}, new double[]{1.5}, null, null)).hasMessageContaining("outside (0, 1]");
        assertThatThrownBy(() -> new Slate(new int[]{0, 1}, new double[]{1}, null, null)).hasMessageContaining("one propensity");
        assertThatThrownBy(() -> new Slate(new int[]{4}, new double[]{1}, null, new double[]{1})).hasMessageContaining("action 4");
        assertThatThrownBy(() -> new MfTopK().rank(SCORED, 6, new SplittableRandom(1))).hasMessageContaining("k must be in 1..5, was 6");
    }

    @Test
    void requestsWithoutScoresScoreEveryCandidateNaN() {
        SlateRequest r = SlateRequest.of(null, FIVE);
        assertThat(r.context()).isEmpty();
        assertThat(java.util.Arrays.stream(r.mfScores()).boxed().toList()).hasSize(5).allMatch(s -> s.isNaN());
        // Without scores MF-top-k keeps the order the candidates came in.
        assertThat(new MfTopK().rank(r, 3, new SplittableRandom(1)).actions()).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> SlateRequest.of(Map.of(), List.of())).hasMessageContaining("candidates: at least one");
    }

    @Test
    void epsilonGreedyLogsTheBestRemainingItemsProbability() {
        MfEpsilonGreedy eg = new MfEpsilonGreedy(0.2);
        for (int seed = 0; seed < 50; seed++) {
            Slate s = eg.rank(SCORED, 3, new SplittableRandom(seed));
            int[] byScore = {1, 4, 3, 0, 2};
            java.util.Set<Integer> placed = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                int best = -1;
                for (int a : byScore) {
                    if (!placed.contains(a)) {
                        best = a;
                        break;
                    }
                }
                double expected = (s.actions()[i] == best ? 0.8 : 0) + 0.2 / (5 - i);
                assertThat(s.propensities()[i]).isCloseTo(expected, within(1e-15));
                placed.add(s.actions()[i]);
            }
            assertThat(s.distribution()[1]).isCloseTo(0.8 + 0.04, within(1e-15));
        }
    }
}
