package dev.eddy.serving.rank;

import dev.eddy.events.event.Candidate;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingPoliciesTest {
    private static final CandidateSet FIVE = new CandidateSet(
            IntStream.range(0, 5).mapToObj(i -> Candidate.of("i" + i)).toList(),
            new double[]{0.1, 0.9, Double.NaN, 0.5, 0.7});

    @Test
    void mfTopKOrdersByScoreWithUnknownScoresLast() {
        Ranking r = new MfTopK().rank(Map.of(), FIVE, 5, new SplittableRandom(1));
        assertThat(r.order()).containsExactly(1, 4, 3, 0, 2);
        assertThat(r.probabilities()).containsOnly(1.0);
        assertThat(r.scores()[0]).isEqualTo(0.9);
    }

    /** Each logged slot probability must be the frequency with which that slot takes that item, given the slots above. */
    @Test
    void loggedProbabilitiesMatchTheDrawFrequencies() {
        for (RankingPolicy policy : List.of(new UniformRanking(), new EpsilonGreedyRanking(0.3))) {
            SplittableRandom rng = new SplittableRandom(7);
            Map<String, Integer> counts = new HashMap<>();
            Map<String, Double> logged = new HashMap<>();
            int n = 40_000;
            for (int t = 0; t < n; t++) {
                Ranking r = policy.rank(Map.of(), FIVE, 2, rng);
                assertThat(r.order()).doesNotHaveDuplicates().hasSize(2);
                String first = "first=" + r.order()[0];
                counts.merge(first, 1, Integer::sum);
                logged.put(first, r.probabilities()[0]);
                assertThat(r.distribution()[r.order()[0]]).isCloseTo(r.probabilities()[0], within(1e-12));
            }
            logged.forEach((key, p) -> assertThat(counts.get(key) / (double) n)
                    .as(policy.name() + " " + key).isCloseTo(p, within(0.01)));
        }
    }

    @Test
    void epsilonZeroIsTheMfOrder() {
        Ranking r = new EpsilonGreedyRanking(0).rank(Map.of(), FIVE, 3, new SplittableRandom(3));
        assertThat(r.order()).containsExactly(1, 4, 3);
        assertThat(r.probabilities()).containsOnly(1.0);
    }
}
