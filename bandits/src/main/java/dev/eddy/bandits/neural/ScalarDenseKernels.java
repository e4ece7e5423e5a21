package dev.eddy.bandits.neural;

/**
 * {@link DenseKernels} in plain loops. HotSpot vectorises the loop over a row but loads and stores out[] in every
 * pass, so rows are taken four at a time: one load and one store of out[j] per four rows, and per element the same
 * additions in the same order as one row after another ((out + c₁r₁) + c₂r₂ …), so the result is bit-identical.
 * With the other forward-pass changes of the same commit, NeuFastCB's rank of 100 candidates went from 110–155 to
 * 50–83 CPU µs (serving/bench-cpu, old and new builds alternating).
 */
final class ScalarDenseKernels implements DenseKernels {
    static final ScalarDenseKernels INSTANCE = new ScalarDenseKernels();

    private ScalarDenseKernels() {}

    @Override
    public void accumulate(int[] rows, float[] coef, int count, float[][] w, float[] out) {
        int n = out.length;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            float c0 = coef[k], c1 = coef[k + 1], c2 = coef[k + 2], c3 = coef[k + 3];
            float[] r0 = w[rows[k]], r1 = w[rows[k + 1]], r2 = w[rows[k + 2]], r3 = w[rows[k + 3]];
            if (r0.length < n || r1.length < n || r2.length < n || r3.length < n) throw shortRow(n);
            for (int j = 0; j < n; j++) out[j] = out[j] + c0 * r0[j] + c1 * r1[j] + c2 * r2[j] + c3 * r3[j];
        }
        for (; k < count; k++) {
            float v = coef[k];
            float[] row = w[rows[k]];
            for (int j = 0; j < n; j++) out[j] += v * row[j];
        }
    }

    private static IllegalArgumentException shortRow(int n) {
        return new IllegalArgumentException("a weight row is shorter than the output (" + n + ")");
    }
}
