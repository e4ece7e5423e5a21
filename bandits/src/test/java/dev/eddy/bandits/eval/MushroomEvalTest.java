package dev.eddy.bandits.eval;

import dev.eddy.events.readers.ClassificationDataset;
import dev.eddy.events.readers.ClassificationTsvReader;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The harness on a real UCI set (../shared/data; skipped where absent). */
class MushroomEvalTest {

    @Test
    void uniformOnMushroomHasRegretHalfTheRounds() throws Exception {
        ClassificationDataset data = ClassificationTsvReader.read(
                SharedData.path("classification/mushroom/mushroom.tsv.gz"));
        SupervisedToBandit p = new SupervisedToBandit(data);
        assertThat(p.examples()).isEqualTo(8124);
        assertThat(p.actions()).isEqualTo(2);
        assertThat(p.dimension()).isEqualTo((22 + 1) * 2); // the context and a constant per action

        int t = p.examples();
        EvalSummary s = Evaluation.runSeeds(p, TestPolicies.registry(p), "uniform", Map.of(), t, 5, 1);
        // Uniform over K = 2 earns 1/2 per round whatever the labels: regret T/2, sd sqrt(T/4) per seed.
        double sd = Math.sqrt(t / 4.0 / 5);
        assertThat(s.meanRegret()).isCloseTo(t / 2.0, within(5 * sd));
        assertThat(s.meanReward()).isCloseTo(0.5, within(0.02));
        // T = n: every mushroom is seen exactly once per seed.
        assertThat(Arrays.stream(Evaluation.order(p, t, 3)).distinct().count()).isEqualTo(t);

        // "first" always picks class 0: its regret is the number of class-1 examples, exactly.
        EvalResult first = Evaluation.run(p, TestPolicies.registry(p), "first", Map.of(), t, 1);
        assertThat(first.regret()).isEqualTo(data.classCounts()[1]);
    }
}
