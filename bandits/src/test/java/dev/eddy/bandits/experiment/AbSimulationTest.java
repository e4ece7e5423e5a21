package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AbSimulationTest {

    private static AbSimulation.Config config(int runs, double lift, long users, long peekEvery, double share, long seed) {
        return new AbSimulation.Config(runs, lift, 0.10, users, peekEvery, seed, share, AnalysisSettings.defaults());
    }

    @Test
    void aaTestsKeepTheAlwaysValidRulesAtAlphaWhileNaivePeekingIsNot() {
        AbSimulation.Summary s = AbSimulation.run(config(300, 0, 5000, 50, 0.5, 1), done -> { });
        assertThat(s.looks()).isEqualTo(100);
        double bound = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / 300);
        assertThat(s.method("msprt").rejectionRate()).isLessThanOrEqualTo(bound);
        assertThat(s.method("confidence-sequence").rejectionRate()).isLessThanOrEqualTo(bound);
        assertThat(s.method("naive-peeking").rejectionRate()).isGreaterThan(0.15);
        assertThat(s.method("bayesian").rejectionRate()).isGreaterThan(0.15);
        assertThat(s.method("srm").rejections()).isLessThanOrEqualTo(1);
        // A rule that never rejects stops at the end.
        AbSimulation.MethodSummary msprt = s.method("msprt");
        if (msprt.rejections() == 0) assertThat(msprt.meanStop()).isEqualTo(5000);
    }

    @Test
    void aLargeLiftIsFoundAndAMismatchedSplitIsFlagged() {
        AbSimulation.Summary s = AbSimulation.run(config(40, 0.3, 20_000, 400, 0.53, 2), done -> { });
        assertThat(s.method("msprt").rejectionRate()).isGreaterThan(0.8);
        assertThat(s.method("confidence-sequence").rejectionRate()).isGreaterThan(0.8);
        assertThat(s.method("confidence-sequence").meanStop()).isLessThan(20_000);
        assertThat(s.method("srm").rejectionRate()).isGreaterThan(0.8);
        assertThat(s.chiSquaredAtEndAlarms()).isGreaterThan(30);
    }

    @Test
    void sameSeedSameSummary() {
        int[] progress = new int[1];
        AbSimulation.Summary a = AbSimulation.run(config(20, 0.05, 2000, 10, 0.5, 42), done -> progress[0] = done);
        AbSimulation.Summary b = AbSimulation.run(config(20, 0.05, 2000, 10, 0.5, 42), done -> { });
        assertThat(a).isEqualTo(b);
        assertThat(progress[0]).isEqualTo(20);
        assertThat(AbSimulation.run(config(20, 0.05, 2000, 10, 0.5, 43), done -> { })).isNotEqualTo(a);
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThatThrownBy(() -> config(0, 0, 100, 1, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config(1, 10, 100, 1, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config(1, 0, 100, 0, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config(1, 0, 100, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
