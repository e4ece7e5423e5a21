package dev.eddy.bandits.baseline;

import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The normalized, adaptive, importance-aware oracle (VW's default update). */
class NormalizedRegressorTest {
    private static final int DIM = 8;

    private record Example(SparseVector x, double y) {}

    /** A noiseless linear target in [0, 1] on sparse features, one of them a constant. */
    private static List<Example> data(int n, double[] scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = {0.3, -0.2, 0.25, 0.1, -0.15, 0.2, 0.05};
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] idx = {0, 1 + rng.nextInt(3), 4 + rng.nextInt(3), 7};
            float[] val = new float[4];
            double y = 0.5;
            for (int j = 0; j < 3; j++) {
                double z = rng.nextDouble() * 2 - 1;
                y += theta[idx[j]] * z;
                val[j] = (float) (z * scale[idx[j]]);
            }
            val[3] = (float) scale[7];
            out.add(new Example(new SparseVector(idx, val, DIM), y));
        }
        return out;
    }

    private static double[] ones() {
        double[] s = new double[DIM];
        java.util.Arrays.fill(s, 1);
        return s;
    }

    @Test
    void learnsANoiselessLinearTarget() {
        NormalizedRegressor r = new NormalizedRegressor(DIM, 0.5);
        for (Example e : data(5000, ones(), 1)) r.update(e.x, e.y, 1);
        double sq = 0;
        List<Example> test = data(500, ones(), 2);
        for (Example e : test) sq += Math.pow(r.predict(e.x) - e.y, 2);
        assertThat(sq / test.size()).isLessThan(1e-3);
    }

    @Test
    void rescalingAFeatureRescalesItsWeightNotTheFit() {
        double[] scaled = ones();
        scaled[1] = 1000;
        scaled[5] = 0.001;
        scaled[7] = 50;
        NormalizedRegressor plain = new NormalizedRegressor(DIM, 0.5);
        NormalizedRegressor rescaled = new NormalizedRegressor(DIM, 0.5);
        List<Example> a = data(2000, ones(), 3);
        List<Example> b = data(2000, scaled, 3);
        for (int i = 0; i < a.size(); i++) {
            assertThat(rescaled.predict(b.get(i).x)).isCloseTo(plain.predict(a.get(i).x), within(1e-4));
            plain.update(a.get(i).x, a.get(i).y, 1);
            rescaled.update(b.get(i).x, b.get(i).y, 1);
        }
    }

    @Test
    void aLargeWeightMovesThePredictionTowardsTheTargetWithoutOvershooting() {
        for (double w : new double[] {1, 10, 1e3, 1e6}) {
            NormalizedRegressor r = new NormalizedRegressor(DIM, 0.5);
            List<Example> warm = data(300, ones(), 4);
            for (Example e : warm) r.update(e.x, e.y, 1);
            Example probe = data(1, ones(), 5).get(0);
            double target = probe.y > 0.5 ? 0 : 1;
            double before = r.predict(probe.x);
            r.update(probe.x, target, w);
            double after = r.predict(probe.x);
            assertThat(Math.abs(after - target)).as("weight %s", w).isLessThan(Math.abs(before - target));
            assertThat((after - before) * (target - before)).as("weight %s moves towards the target", w).isPositive();
        }
    }

    @Test
    void aWeightOfTwoIsCloseToTwoHalfWeightSteps() {
        List<Example> warm = data(500, ones(), 6);
        Example probe = data(1, ones(), 7).get(0);
        NormalizedRegressor weighted = new NormalizedRegressor(DIM, 0.5);
        NormalizedRegressor halves = new NormalizedRegressor(DIM, 0.5);
        for (Example e : warm) {
            weighted.update(e.x, e.y, 1);
            halves.update(e.x, e.y, 1);
        }
        double before = weighted.predict(probe.x);
        weighted.update(probe.x, 1 - probe.y, 2);
        halves.update(probe.x, 1 - probe.y, 1);
        halves.update(probe.x, 1 - probe.y, 1);
        double moveWeighted = weighted.predict(probe.x) - before;
        double moveHalves = halves.predict(probe.x) - before;
        assertThat(moveWeighted).isCloseTo(moveHalves, within(0.1 * Math.abs(moveHalves)));
    }

    @Test
    void predictionsStayInTheRangeOfTheTargetsSeen() {
        NormalizedRegressor r = new NormalizedRegressor(DIM, 5);
        SparseVector x = new SparseVector(new int[] {0, 7}, new float[] {3f, 1f}, DIM);
        assertThat(r.predict(x)).isZero();
        for (int i = 0; i < 50; i++) r.update(x, 1, 1);
        assertThat(r.predict(x)).isEqualTo(1.0);
        r.update(x, -2, 1);
        assertThat(r.predict(x)).isBetween(-2.0, 1.0);
    }

    @Test
    void aSnapshotRestoresTheSameFuture() {
        NormalizedRegressor a = new NormalizedRegressor(DIM, 0.5);
        List<Example> data = data(400, ones(), 8);
        for (Example e : data.subList(0, 200)) a.update(e.x, e.y, 1.5);
        Snapshots.Writer w = Snapshots.writer(1, 1);
        a.write(w);
        NormalizedRegressor b = new NormalizedRegressor(DIM, 0.5);
        b.read(Snapshots.reader(w.toBytes(), 1, 1, "test")).run();
        for (Example e : data.subList(200, 400)) {
            assertThat(b.predict(e.x)).isEqualTo(a.predict(e.x));
            a.update(e.x, e.y, 1);
            b.update(e.x, e.y, 1);
        }
    }
}
