package dev.eddy.bandits.neural;

/** {@link DenseKernels} in plain loops (HotSpot vectorises the row loop, but reloads and stores out[] per row). */
final class ScalarDenseKernels implements DenseKernels {
    static final ScalarDenseKernels INSTANCE = new ScalarDenseKernels();

    private ScalarDenseKernels() {}

    @Override
    public void accumulateSparse(int[] idx, float[] val, float[][] w, float[] out) {
        for (int k = 0; k < idx.length; k++) {
            float v = val[k];
            float[] row = w[idx[k]];
            for (int j = 0; j < row.length; j++) out[j] += v * row[j];
        }
    }

    @Override
    public void accumulateDense(float[] in, float[][] w, float[] out) {
        for (int i = 0; i < in.length; i++) {
            float a = in[i];
            if (a == 0f) continue;
            float[] row = w[i];
            for (int j = 0; j < row.length; j++) out[j] += a * row[j];
        }
    }
}
