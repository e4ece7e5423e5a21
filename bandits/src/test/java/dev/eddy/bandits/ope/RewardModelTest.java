package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RewardModelTest {

    private static LoggedSample at(int position, int action, double reward) {
        return new LoggedSample(reward, action, 0.5, new double[] {0.5, 0.5, 0}, position, 0, LoggedSample.NO_SLATE);
    }

    @Test
    void positionActionMeanShrinksTowardsThePositionThenTheGlobalMean() {
        // Position 0: action 0 earned 1, 1; action 1 earned 0. Position 1: action 0 earned 1. m = 1.
        RewardModel q = new PositionActionMean(1).fit(List.of(at(0, 0, 1), at(0, 0, 1), at(0, 1, 0), at(1, 0, 1)));
        double global = 0.75;
        double position0 = (2 + global) / (3 + 1);
        double position1 = (1 + global) / (1 + 1);
        assertThat(q.predict(at(0, 0, 0), 0)).isCloseTo((2 + position0) / 3, within(1e-12));
        assertThat(q.predict(at(0, 0, 0), 1)).isCloseTo(position0 / 2, within(1e-12));
        assertThat(q.predict(at(0, 0, 0), 2)).as("unseen action").isCloseTo(position0, within(1e-12));
        assertThat(q.predict(at(1, 0, 0), 0)).isCloseTo((1 + position1) / 2, within(1e-12));
        assertThat(q.predict(at(4, 0, 0), 0)).as("unseen position").isCloseTo(global, within(1e-12));
        // Without shrinkage it is the raw cell mean.
        RewardModel raw = new PositionActionMean(0).fit(List.of(at(0, 0, 1), at(0, 0, 0), at(0, 1, 1)));
        assertThat(raw.predict(at(0, 0, 0), 0)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void ridgeRecoversALinearRewardAndClipsToTheRewardRange() {
        // r = 0.2 + 0.3·x1 − 0.1·x2 exactly, with x stored in the timestamp (x1 = t mod 7, x2 = t mod 5) / 10.
        FeatureMap phi = (s, a) -> new double[] {1, (s.timestamp() % 7) / 10.0 + a, (s.timestamp() % 5) / 10.0};
        List<LoggedSample> log = new ArrayList<>();
        for (long t = 0; t < 200; t++) {
            double x1 = (t % 7) / 10.0, x2 = (t % 5) / 10.0;
            log.add(new LoggedSample(0.2 + 0.3 * x1 - 0.1 * x2, 0, 0.5, new double[] {0.5, 0.5}, 0, t,
                    LoggedSample.NO_SLATE));
        }
        RewardModel q = new RidgeRewardModel(phi, 1e-9).fit(log);
        LoggedSample s = new LoggedSample(0, 0, 0.5, new double[] {0.5, 0.5}, 0, 13, LoggedSample.NO_SLATE);
        assertThat(q.predict(s, 0)).isCloseTo(0.2 + 0.3 * 0.6 - 0.1 * 0.3, within(1e-6));
        // Action 1 adds 1 to x1: 0.3 more than any training reward, so clipped to the largest one seen.
        double max = log.stream().mapToDouble(LoggedSample::reward).max().orElseThrow();
        assertThat(q.predict(s, 1)).isCloseTo(max, within(1e-12));
    }

    @Test
    void ridgeShrinksWithLargeLambda() {
        FeatureMap phi = (s, a) -> new double[] {1};
        List<LoggedSample> log = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) log.add(LoggedSample.of(rng.nextDouble() < 0.5 ? 0 : 1, 0, 0.5,
                new double[] {0.5, 0.5}));
        double sum = log.stream().mapToDouble(LoggedSample::reward).sum();
        // Intercept only: β = Σr / (n + λ).
        RewardModel q = new RidgeRewardModel(phi, 100).fit(log);
        assertThat(q.predict(log.get(0), 0)).isCloseTo(Math.max(0, sum / 200), within(1e-9));
        assertThatThrownBy(() -> new RidgeRewardModel(phi, 0)).hasMessageContaining("lambda");
    }

    @Test
    void empiricalPositionPolicyFromFrequenciesAndFromMeanPropensities() {
        EmpiricalPositionPolicy.Builder b = EmpiricalPositionPolicy.builder(3)
                .add(1, 0, 0.5).add(1, 0, 0.5).add(1, 0, 0.5).add(1, 1, 0.2).add(2, 2, 0.9);
        EmpiricalPositionPolicy f = b.frequencies();
        assertThat(f.distribution(1)).containsExactly(0.75, 0.25, 0);
        assertThat(f.distribution(2)).containsExactly(0, 0, 1);
        assertThat(f.positions()).containsExactly(1, 2);
        EmpiricalPositionPolicy m = b.meanPropensities();
        assertThat(m.distribution(1)[0]).isCloseTo(5.0 / 7, within(1e-12));
        assertThat(m.distribution(1)[1]).isCloseTo(2.0 / 7, within(1e-12));
        assertThatThrownBy(() -> m.distribution(3)).hasMessageContaining("never logged");
        assertThatThrownBy(() -> b.add(1, 3, 0.5)).hasMessageContaining("action 3");
    }
}
