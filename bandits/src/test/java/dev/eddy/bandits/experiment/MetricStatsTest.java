package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricStatsTest {

    private static final double[] Y = {3, 0, 2, 5, 1, 0, 4, 2, 3, 1};
    private static final double[] X = {10, 4, 8, 12, 6, 3, 11, 7, 9, 5};
    private static final double[] C = {2, 1, 1, 4, 0, 1, 3, 2, 2, 0};

    private static MetricStats users(int from, int to) {
        MetricStats s = MetricStats.EMPTY;
        for (int i = from; i < to; i++) s = s.plusUser(Y[i], X[i], C[i]);
        return s;
    }

    @Test
    void mergingCellsEqualsAggregatingAllUsers() {
        MetricStats all = users(0, 10);
        MetricStats merged = MetricStats.sum(List.of(users(0, 3), users(3, 7), users(7, 10)));
        assertThat(merged.n()).isEqualTo(10);
        assertThat(merged.sumY()).isEqualTo(all.sumY());
        assertThat(merged.sumXY()).isEqualTo(all.sumXY());
        assertThat(merged.sumXC()).isEqualTo(all.sumXC());
        assertThat(merged.ratio()).isCloseTo(all.ratio(), within(1e-15));
        assertThat(users(0, 4).plus(users(4, 10))).isEqualTo(all);
    }

    @Test
    void momentsMatchTwoPassFormulas() {
        MetricStats s = users(0, 10);
        double my = mean(Y);
        double mx = mean(X);
        double mc = mean(C);
        double vy = 0;
        double vx = 0;
        double cxy = 0;
        double cyc = 0;
        double cxc = 0;
        for (int i = 0; i < 10; i++) {
            vy += (Y[i] - my) * (Y[i] - my);
            vx += (X[i] - mx) * (X[i] - mx);
            cxy += (X[i] - mx) * (Y[i] - my);
            cyc += (Y[i] - my) * (C[i] - mc);
            cxc += (X[i] - mx) * (C[i] - mc);
        }
        assertThat(s.varianceY()).isCloseTo(vy / 9, within(1e-12));
        assertThat(s.varianceX()).isCloseTo(vx / 9, within(1e-12));
        assertThat(s.covarianceXY()).isCloseTo(cxy / 9, within(1e-12));
        assertThat(s.covarianceYC()).isCloseTo(cyc / 9, within(1e-12));
        assertThat(s.covarianceXC()).isCloseTo(cxc / 9, within(1e-12));
        // Deng, Knoblich, Lu (2018), eq. for Var(Ȳ/X̄)·n: σ_y²/μ_x² − 2μ_y σ_xy/μ_x³ + μ_y² σ_x²/μ_x⁴.
        double expected = (vy / 9) / (mx * mx) - 2 * my * (cxy / 9) / (mx * mx * mx) + my * my * (vx / 9) / Math.pow(mx, 4);
        assertThat(s.ratioUnitVariance()).isCloseTo(expected, within(1e-12));
        // gbstats' RatioStatistic.variance for these users (see FixedHorizonTest.ratioMetricMatchesGbstatsFormulasOnRawData).
        assertThat(s.ratioUnitVariance()).isCloseTo(0.0127367901234568, within(1e-15));
    }

    @Test
    void aMeanMetricsRatioVarianceIsTheSampleVarianceExactly() {
        MetricStats s = MetricStats.EMPTY;
        for (double y : Y) s = s.plusUser(y);
        assertThat(s.ratio()).isEqualTo(s.meanY());
        assertThat(s.varianceX()).isZero();
        assertThat(s.covarianceXY()).isZero();
        assertThat(s.ratioUnitVariance()).isEqualTo(s.varianceY());
        assertThat(MetricStats.ofMean(10, s.sumY(), s.sumY2())).isEqualTo(s);
    }

    @Test
    void proportionsAndEdgeCases() {
        MetricStats p = MetricStats.ofProportion(100, 30);
        assertThat(p.ratio()).isEqualTo(0.3);
        assertThat(p.varianceY()).isCloseTo(0.3 * 0.7 * 100 / 99, within(1e-15));
        assertThat(MetricStats.EMPTY.ratio()).isZero();
        assertThat(MetricStats.ofMean(1, 5, 25).varianceY()).isZero();
        assertThatThrownBy(() -> MetricStats.ofProportion(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricStats.ofMean(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetricStats.ofMean(1, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
