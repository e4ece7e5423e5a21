package dev.eddy.bandits.neural;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GaussianStreamTest {

    @Test
    void drawsFollowTheStandardNormal() {
        GaussianStream g = new GaussianStream(123);
        int n = 2_000_000;
        double sum = 0;
        double sq = 0;
        double fourth = 0;
        int beyondOne = 0;
        int beyondTwo = 0;
        int beyondTail = 0;
        for (int i = 0; i < n; i++) {
            double z = g.next();
            sum += z;
            sq += z * z;
            fourth += z * z * z * z;
            if (Math.abs(z) > 1) beyondOne++;
            if (Math.abs(z) > 2) beyondTwo++;
            // Beyond the base layer's rectangle (x < 3.71): only the tail sampler produces these.
            if (Math.abs(z) > 4) beyondTail++;
        }
        assertThat(sum / n).isCloseTo(0.0, within(0.003));
        assertThat(sq / n).isCloseTo(1.0, within(0.005));
        assertThat(fourth / n).isCloseTo(3.0, within(0.03));
        assertThat(beyondOne / (double) n).isCloseTo(0.317311, within(0.002));
        assertThat(beyondTwo / (double) n).isCloseTo(0.045500, within(0.0008));
        assertThat(beyondTail / (double) n).isCloseTo(6.334e-5, within(2.0e-5));
    }

    @Test
    void fillScalesBySigmaAndTheStateReplays() {
        GaussianStream a = new GaussianStream(5);
        long start = a.state();
        float[] first = new float[1001];
        a.fill(first, 0.5);
        a.setState(start);
        float[] again = new float[1001];
        a.fill(again, 0.5);
        assertThat(again).containsExactly(first);
        double sq = 0;
        for (float v : first) sq += v * v;
        assertThat(Math.sqrt(sq / first.length)).isCloseTo(0.5, within(0.05));
    }
}
