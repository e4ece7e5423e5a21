package dev.eddy.serving.drift;

import dev.eddy.bandits.slate.MfTopK;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlateRequest;
import dev.eddy.events.event.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExploringSlatesTest {
    private static final List<Candidate> FOUR = List.of(new Candidate("a", Map.of()), new Candidate("b", Map.of()),
            new Candidate("c", Map.of()), new Candidate("d", Map.of()));
    /** MF top-k picks b, the best-scored. */
    private static final SlateRequest REQUEST = new SlateRequest(Map.of(), FOUR, new double[] {0.1, 0.9, 0.3, 0.2}, null);

    @Test
    void slotOneHoldsTheModelsPickWithItsShareAndEachOtherCandidateWithAnEqualPartOfTheRest() {
        SplittableRandom rng = new SplittableRandom(3);
        int draws = 40_000;
        int[] first = new int[4];
        for (int i = 0; i < draws; i++) {
            ExploringSlates policy = new ExploringSlates(new MfTopK(), 0.2);
            Slate s = policy.rank(REQUEST, 2, rng);
            first[s.actions()[0]]++;
            assertThat(policy.showedModelPick(s)).isEqualTo(s.actions()[0] == 1);
            assertThat(s.distribution()).containsExactly(new double[] {0.8 / 3, 0.2, 0.8 / 3, 0.8 / 3}, within(1e-12));
            // Exact propensities: slot 1 from the distribution, slot 2 from what is left of it.
            double p1 = s.distribution()[s.actions()[0]];
            assertThat(s.propensities()[0]).isEqualTo(p1);
            assertThat(s.propensities()[1]).isCloseTo(s.distribution()[s.actions()[1]] / (1 - p1), within(1e-12));
        }
        assertThat(first[1] / (double) draws).isCloseTo(0.2, within(0.01));
        for (int other : new int[] {0, 2, 3}) assertThat(first[other] / (double) draws).isCloseTo(0.8 / 3, within(0.01));
    }

    @Test
    void itRanksUnderTheModelsNameAndVersion() {
        ExploringSlates policy = new ExploringSlates(new MfTopK(), 0.5);
        assertThat(policy.name()).isEqualTo("mf-topk");
        assertThat(policy.modelVersion()).isNull();
        assertThatThrownBy(() -> policy.showedModelPick(null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ExploringSlates(new MfTopK(), 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSingleCandidateIsTheModelsPick() {
        SlateRequest one = new SlateRequest(Map.of(), FOUR.subList(0, 1), new double[] {0.5}, null);
        ExploringSlates policy = new ExploringSlates(new MfTopK(), 0.05);
        Slate s = policy.rank(one, 1, new SplittableRandom(1));
        assertThat(s.actions()).containsExactly(0);
        assertThat(s.propensities()).containsExactly(1.0);
        assertThat(policy.showedModelPick(s)).isTrue();
    }
}
