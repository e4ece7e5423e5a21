package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrossFittingTest {

    /** Fits a model that answers 1 for a sample it was trained on and 0 otherwise, and keeps its training sets. */
    private static final class SpyLearner implements RewardModelLearner {
        final List<Set<LoggedSample>> trainingSets = new ArrayList<>();

        @Override
        public RewardModel fit(List<LoggedSample> training) {
            Set<LoggedSample> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            seen.addAll(training);
            trainingSets.add(seen);
            return (s, a) -> seen.contains(s) ? 1 : 0;
        }
    }

    private static List<LoggedSample> slateLog(int slates) {
        List<LoggedSample> out = new ArrayList<>();
        for (int id = 0; id < slates; id++) {
            for (int p = 0; p < 3; p++) out.add(LoggedSample.slot(id, p, id % 2, p, 0.5, new double[] {0.5, 0.5, 0}));
        }
        // Equal samples that are distinct objects: identity, not equality, decides the fold.
        out.add(LoggedSample.of(1, 0, 0.5, new double[] {1, 0, 0}));
        out.add(LoggedSample.of(1, 0, 0.5, new double[] {1, 0, 0}));
        return out;
    }

    @Test
    void noSampleIsPredictedByAModelThatSawIt() {
        List<LoggedSample> log = slateLog(40);
        SpyLearner spy = new SpyLearner();
        CrossFittedModel model = new CrossFitting(5, 3).fit(log, spy);
        assertThat(spy.trainingSets).hasSize(5);
        for (LoggedSample s : log) {
            for (int a = 0; a < 3; a++) assertThat(model.predict(s, a)).isZero();
        }
        // ... and each model saw every sample outside its own fold.
        Map<Integer, Integer> foldSizes = new java.util.HashMap<>();
        for (LoggedSample s : log) foldSizes.merge(model.fold(s), 1, Integer::sum);
        for (int k = 0; k < 5; k++) {
            assertThat(spy.trainingSets.get(k)).hasSize(log.size() - foldSizes.get(k));
        }
    }

    @Test
    void theSpyWouldCatchAnInSampleFit() {
        // The same spy fitted on the whole log predicts 1 everywhere: the check above can fail.
        List<LoggedSample> log = slateLog(10);
        RewardModel inSample = new SpyLearner().fit(log);
        assertThat(inSample.predict(log.get(0), 0)).isEqualTo(1);
    }

    @Test
    void slotsOfOneSlateShareAFoldAndFoldsAreSeeded() {
        List<LoggedSample> log = slateLog(40);
        CrossFittedModel a = new CrossFitting(4, 9).fit(log, new PositionActionMean(1));
        CrossFittedModel b = new CrossFitting(4, 9).fit(log, new PositionActionMean(1));
        CrossFittedModel c = new CrossFitting(4, 10).fit(log, new PositionActionMean(1));
        boolean differs = false;
        for (int i = 0; i < 120; i += 3) {
            assertThat(a.fold(log.get(i + 1))).isEqualTo(a.fold(log.get(i)));
            assertThat(a.fold(log.get(i + 2))).isEqualTo(a.fold(log.get(i)));
            assertThat(b.fold(log.get(i))).isEqualTo(a.fold(log.get(i)));
            differs |= c.fold(log.get(i)) != a.fold(log.get(i));
        }
        assertThat(differs).as("another seed deals other folds").isTrue();
    }

    @Test
    void samplesOutsideTheFittedLogAreRefused() {
        List<LoggedSample> log = slateLog(10);
        CrossFittedModel model = new CrossFitting(2, 1).fit(log, new PositionActionMean(1));
        LoggedSample stranger = LoggedSample.of(1, 0, 0.5, new double[] {1, 0, 0});
        assertThatThrownBy(() -> model.predict(stranger, 0)).hasMessageContaining("not in the cross-fitted log");
        assertThatThrownBy(() -> new CrossFitting(1, 1)).hasMessageContaining("at least 2 folds");
        assertThatThrownBy(() -> new CrossFitting(50, 1).fit(log, new PositionActionMean(1)))
                .hasMessageContaining("at least as many slates");
    }
}
