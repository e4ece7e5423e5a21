package dev.eddy.bandits.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MultipleComparisonsTest {

    /** The 15 p-values of Benjamini and Hochberg's (1995) worked example, §4.2. */
    private static final double[] BH_EXAMPLE = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
            0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000};

    @Test
    void benjaminiHochbergMatchesScipyAndThePapersExample() {
        // python3 -c "from scipy import stats; print(stats.false_discovery_control([...], method='bh'))" (scipy 1.17.1)
        double[] expected = {0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286,
                0.0645, 0.0765, 0.486, 0.5811818181818182, 0.714875, 0.7532307692307693, 0.8132142857142857, 1.0};
        double[] adjusted = MultipleComparisons.benjaminiHochberg(BH_EXAMPLE);
        for (int i = 0; i < expected.length; i++) assertThat(adjusted[i]).as("p[%d]", i).isCloseTo(expected[i], within(1e-6));
        // The paper rejects the four smallest at q = 0.05 (Bonferroni only the first three).
        assertThat(countBelow(adjusted, 0.05)).isEqualTo(4);
    }

    @Test
    void holmMatchesItsStepDownDefinition() {
        // Holm (1979) step by step in numpy (sorted, (m − i + 1)·p, running max, capped at 1):
        //   [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1]
        double[] expected = {0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1};
        double[] adjusted = MultipleComparisons.holm(BH_EXAMPLE);
        for (int i = 0; i < expected.length; i++) assertThat(adjusted[i]).as("p[%d]", i).isCloseTo(expected[i], within(1e-12));
        assertThat(countBelow(adjusted, 0.05)).isEqualTo(3);
    }

    @Test
    void keepsTheInputOrder() {
        double[] shuffled = {0.04, 0.001, 0.5, 0.02};
        assertThat(MultipleComparisons.holm(shuffled)).containsExactly(0.08, 0.004, 0.5, 0.06);
        double[] bh = MultipleComparisons.benjaminiHochberg(shuffled);
        assertThat(bh[0]).isCloseTo(0.04 * 4 / 3, within(1e-15));
        assertThat(bh[1]).isCloseTo(0.004, within(1e-15));
        assertThat(bh[2]).isCloseTo(0.5, within(1e-15));
        assertThat(bh[3]).isCloseTo(0.04, within(1e-15));
        assertThat(MultipleComparisons.holm(new double[0])).isEmpty();
        assertThatThrownBy(() -> MultipleComparisons.holm(new double[] {1.5})).isInstanceOf(IllegalArgumentException.class);
    }

    private static int countBelow(double[] values, double level) {
        int n = 0;
        for (double v : values) if (v <= level) n++;
        return n;
    }
}
