package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FewEventsGuardTest {
    private static final IntervalMethod BOOTSTRAP = IntervalMethod.bootstrap(1000, 0.95, 0);
    private static final IntervalMethod GUARDED = IntervalMethod.guardingFewEvents(BOOTSTRAP, 0.95);

    /** A uniform log over {@code k} actions whose logged action pays with the given per-decision rewards. */
    private static List<LoggedSample> uniformLog(int n, int k, int clicks, double propensity) {
        List<LoggedSample> log = new ArrayList<>();
        double[] uniform = new double[k];
        java.util.Arrays.fill(uniform, 1.0 / k);
        for (int i = 0; i < n; i++) log.add(LoggedSample.of(i < clicks ? 1 : 0, i % k, propensity, uniform));
        return log;
    }

    @Test
    void replayOfZeroClicksGetsTheExactBinomialBoundInsteadOfAZeroWidthBootstrap() {
        // Open Bandit's women log: the uniform policy's replay kept 227 decisions without a click.
        List<LoggedSample> log = uniformLog(227 * 34, 34, 0, 1.0 / 34);
        Replay replay = Replay.argmax();
        EstimatorTerms terms = replay.terms(log);
        assertThat(BOOTSTRAP.interval(terms).upper()).isZero();
        IntervalMethod.Interval guarded = GUARDED.interval(terms);
        assertThat(guarded.lower()).isZero();
        // 1 − 0.025^(1/n) for 0 successes in the kept decisions.
        long kept = Math.round(terms.effectiveSampleSize());
        assertThat(guarded.upper()).isCloseTo(1 - Math.pow(0.025, 1.0 / kept), within(1e-9));
        assertThat(guarded.method()).contains("clopper-pearson");
    }

    @Test
    void clopperPearsonMatchesTheKnownValues() {
        IntervalMethod.Interval zero = FewEventsGuard.clopperPearson(0, 227, 0.95);
        assertThat(zero.upper()).isCloseTo(0.0161, within(5e-5));
        // 3 in 10: [0.0667, 0.6525] (the exact binomial interval as R's binom.test gives it).
        IntervalMethod.Interval three = FewEventsGuard.clopperPearson(3, 10, 0.95);
        assertThat(three.lower()).isCloseTo(0.06673951, within(1e-6));
        assertThat(three.upper()).isCloseTo(0.6524529, within(1e-6));
    }

    @Test
    void weightedEstimatesOnFewEventsAreWidenedByEmpiricalBernstein() {
        // A non-uniform log: weights 0.5/0.25 = 2 for the target's action; 3 clicks among 400 decisions.
        List<LoggedSample> log = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            log.add(LoggedSample.of(i < 3 ? 1 : 0, i % 4 == 0 ? 0 : 1, i % 4 == 0 ? 0.25 : 0.75,
                    new double[] {0.5, 0.5}));
        }
        EstimatorTerms ips = new Ips().terms(log);
        IntervalMethod.Interval boot = BOOTSTRAP.interval(ips);
        IntervalMethod.Interval guarded = GUARDED.interval(ips);
        assertThat(guarded.upper()).isGreaterThan(boot.upper());
        assertThat(guarded.lower()).isLessThanOrEqualTo(boot.lower());
        assertThat(guarded.method()).contains("empirical-bernstein");
    }

    @Test
    void plentyOfEventsKeepTheBootstrapAndModelBasedEstimatesAreLeftAlone() {
        List<LoggedSample> log = uniformLog(2000, 2, 600, 0.5);
        EstimatorTerms ips = new Ips().terms(log);
        assertThat(GUARDED.interval(ips)).isEqualTo(BOOTSTRAP.interval(ips));
        List<LoggedSample> none = uniformLog(50, 2, 0, 0.5);
        EstimatorTerms dm = new DirectMethod((s, a) -> 0.0).terms(none);
        assertThat(GUARDED.interval(dm)).isEqualTo(BOOTSTRAP.interval(dm));
    }

    @Test
    void oneDecisionGetsTheWholeRangeAndFloat32WeightsCountAsOne() {
        // VW's no_shared_features.json: one decision, no reward, propensity 0.333333343 for a uniform target.
        List<LoggedSample> one = List.of(LoggedSample.of(0, 1, 0.333333343, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}));
        IntervalMethod.Interval ips = GUARDED.interval(new Ips().terms(one));
        assertThat(ips.lower()).isZero();
        assertThat(ips.upper()).isCloseTo(0.975, within(1e-6));
        assertThat(ips.method()).contains("clopper-pearson");
        List<LoggedSample> weighted = List.of(LoggedSample.of(0, 0, 0.25, new double[] {0.5, 0.5}));
        assertThat(GUARDED.interval(new Ips().terms(weighted)).upper()).isEqualTo(2.0);
    }

    @Test
    void float32UniformPropensitiesCountAsUniform() {
        // VW's no_shared_features.json logs 1/3 as the float32 0.333333343.
        LoggedSample vw = LoggedSample.of(0, 1, 0.333333343, new double[] {1, 0, 0});
        assertThat(Replay.isUniform(vw)).isTrue();
        assertThat(Replay.isUniform(LoggedSample.of(0, 1, 0.34, new double[] {1, 0, 0}))).isFalse();
        assertThat(Replay.sampling(1).terms(List.of(vw)).units()).isEqualTo(1);
    }
}
