package dev.eddy.bandits.neural;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerturbationPoolTest {

    @Test
    void thePoolsCyclicAutocorrelationIsTheIdentity() {
        float[] x = PerturbationPool.values();
        int n = x.length;
        assertThat(n).isEqualTo(PerturbationPool.LENGTH);
        for (int lag : new int[] {0, 1, 2, 3, 7, 64, 12_481, n / 2, n - 1}) {
            double r = 0;
            for (int i = 0; i < n; i++) r += (double) x[i] * x[(i + lag) & (n - 1)];
            // Exact in double before the values were rounded to float.
            assertThat(r / n).as("lag %d", lag).isCloseTo(lag == 0 ? 1.0 : 0.0, within(1e-5));
        }
    }

    @Test
    void thePoolsValuesLookNormal() {
        float[] x = PerturbationPool.values();
        double fourth = 0;
        int beyondOne = 0;
        int beyondTwo = 0;
        for (float v : x) {
            fourth += (double) v * v * v * v;
            if (Math.abs(v) > 1) beyondOne++;
            if (Math.abs(v) > 2) beyondTwo++;
        }
        int n = x.length;
        assertThat(fourth / n).isCloseTo(3.0, within(0.05));
        assertThat(beyondOne / (double) n).isCloseTo(0.317311, within(0.004));
        assertThat(beyondTwo / (double) n).isCloseTo(0.045500, within(0.0015));
    }

    @Test
    void drawsHaveMeanZeroAndIdentityCovariance() {
        // A small parameter vector in three blocks; the sign is folded back in as the caller does.
        float[][] blocks = {new float[3], new float[1], new float[4]};
        int p = 8;
        PerturbationPool pool = new PerturbationPool();
        GaussianStream random = new GaussianStream(17);
        int draws = 400_000;
        double[] mean = new double[p];
        double[][] cov = new double[p][p];
        float[] e = new float[p];
        for (int t = 0; t < draws; t++) {
            pool.draw(blocks, random);
            int q = 0;
            for (float[] b : blocks) for (float v : b) e[q++] = pool.sign() * v;
            double sq = 0;
            for (int i = 0; i < p; i++) {
                mean[i] += e[i];
                sq += (double) e[i] * e[i];
                for (int j = 0; j < p; j++) cov[i][j] += (double) e[i] * e[j];
            }
            assertThat(pool.squaredNorm()).isCloseTo(sq, within(1e-4));
        }
        for (int i = 0; i < p; i++) {
            assertThat(mean[i] / draws).isCloseTo(0.0, within(0.01));
            for (int j = 0; j < p; j++) {
                assertThat(cov[i][j] / draws).as("cov %d %d", i, j).isCloseTo(i == j ? 1.0 : 0.0, within(0.015));
            }
        }
    }

    @Test
    void aLongVectorIsCutIntoChunksThatAreEachOneSignedWindowOfThePool() {
        int n = PerturbationPool.LENGTH;
        // 2.5 pool lengths in blocks of 1000 (and a remainder), so chunks and the pool's wrap cut through blocks.
        int total = n * 5 / 2;
        int blockCount = (total + 999) / 1000;
        float[][] blocks = new float[blockCount][];
        for (int b = 0; b < blockCount; b++) blocks[b] = new float[Math.min(1000, total - b * 1000)];
        PerturbationPool pool = new PerturbationPool();
        GaussianStream random = new GaussianStream(5);
        long stateBefore = random.state();
        pool.draw(blocks, random);

        GaussianStream replay = new GaussianStream(stateBefore);
        float[] x = PerturbationPool.values();
        float[] flat = new float[total];
        int q = 0;
        for (float[] b : blocks) for (float v : b) flat[q++] = v;
        double sq = 0;
        for (int chunk = 0; chunk * n < total; chunk++) {
            long word = replay.nextLong();
            int offset = (int) (word & (n - 1));
            float sign = word < 0 ? -1f : 1f;
            float relative = chunk == 0 ? 1f : sign * pool.sign();
            if (chunk == 0) assertThat(pool.sign()).isEqualTo(sign);
            for (int i = chunk * n; i < Math.min(total, (chunk + 1) * n); i++) {
                assertThat(flat[i]).isEqualTo(relative * x[(offset + i - chunk * n) & (n - 1)]);
                sq += (double) flat[i] * flat[i];
            }
        }
        assertThat(random.state()).isEqualTo(replay.state());
        assertThat(pool.squaredNorm()).isCloseTo(sq, within(1e-6 * sq));
    }
}
