package dev.eddy.bandits.ope;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IpsTest {

    @Test
    void ipsAndSnipsOnTheTinyLog() {
        // weights 1, 2, 0, 2; w·r = 1, 0, 0, 0 → IPS 1/4, SNIPS 1/(1+2+0+2) = 1/5; ESS 5²/9.
        Estimate ips = new Ips().estimate(TinyLog.samples());
        Estimate snips = new SelfNormalizedIps().estimate(TinyLog.samples());
        assertThat(ips.value()).isCloseTo(0.25, within(1e-12));
        assertThat(snips.value()).isCloseTo(0.2, within(1e-12));
        assertThat(ips.effectiveSampleSize()).isCloseTo(25.0 / 9, within(1e-12));
        assertThat(ips.maxImportanceWeight()).isEqualTo(2.0);
        assertThat(ips.n()).isEqualTo(4);
        assertThat(ips.lower()).isLessThanOrEqualTo(ips.value());
        assertThat(ips.upper()).isGreaterThanOrEqualTo(ips.value());
    }

    @Test
    void snipsDiffersFromIpsWhenWeightsDoNotAverageOne() {
        double[] target = {1, 0};
        List<LoggedSample> log = List.of(LoggedSample.of(1, 0, 0.5, target), LoggedSample.of(0, 0, 0.5, target),
                LoggedSample.of(1, 0, 0.5, target));
        // weights 2, 2, 2: IPS 4/3 (outside [0, 1]), SNIPS 2/3.
        assertThat(new Ips().terms(log).value()).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(new SelfNormalizedIps().terms(log).value()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void snipsIsUndefinedWithoutWeight() {
        double[] target = {0, 1};
        List<LoggedSample> log = List.of(LoggedSample.of(1, 0, 0.5, target));
        assertThat(new SelfNormalizedIps().terms(log).value()).isNaN();
        assertThat(new Ips().terms(log).value()).isZero();
    }

    @Test
    void samplesAreValidated() {
        assertThatThrownBy(() -> LoggedSample.of(1, 0, 0, new double[] {1}))
                .hasMessageContaining("propensity must be in (0, 1]");
        assertThatThrownBy(() -> LoggedSample.of(1, 0, 1.5, new double[] {1}))
                .hasMessageContaining("propensity");
        assertThatThrownBy(() -> LoggedSample.of(1, 0, 0.5, new double[] {0.5, 0.4}))
                .hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> LoggedSample.of(1, 0, 0.5, new double[] {Double.NaN, 1}))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> LoggedSample.of(1, 3, 0.5, new double[] {0.5, 0.5}))
                .hasMessageContaining("not among");
        assertThatThrownBy(() -> LoggedSample.of(Double.POSITIVE_INFINITY, 0, 0.5, new double[] {1}))
                .hasMessageContaining("reward");
    }

    @Test
    void samplesAreImmutableValues() {
        double[] p = {0.5, 0.5};
        LoggedSample s = LoggedSample.of(1, 0, 0.5, p);
        p[0] = 0.9;
        s.targetProbabilities()[1] = 0.9;
        assertThat(s.targetProbability(0)).isEqualTo(0.5);
        assertThat(s.targetProbability(1)).isEqualTo(0.5);
        assertThat(s).isEqualTo(LoggedSample.of(1, 0, 0.5, new double[] {0.5, 0.5}));
    }

    @Test
    void empiricalBernsteinRefusesEstimatorsWithoutAKnownRange() {
        double[] target = {0.5, 0.5};
        List<LoggedSample> log = List.of(LoggedSample.of(1, 0, 0.5, target), LoggedSample.of(0, 1, 0.5, target),
                LoggedSample.of(2, 1, 0.5, target));
        assertThatThrownBy(() -> new Ips().estimate(log, IntervalMethod.empiricalBernstein(0.95)))
                .hasMessageContaining("rewards in [0, 1]");
    }
}
