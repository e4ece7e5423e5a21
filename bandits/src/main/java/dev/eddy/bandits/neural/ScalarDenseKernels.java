package dev.eddy.bandits.neural;

/** {@link DenseKernels} in plain loops (HotSpot vectorises the row loop, but loads and stores out[] for every row). */
final class ScalarDenseKernels implements DenseKernels {
    static final ScalarDenseKernels INSTANCE = new ScalarDenseKernels();

    private ScalarDenseKernels() {}

    @Override
    public void accumulate(int[] rows, float[] coef, int count, float[][] w, float[] out) {
        for (int k = 0; k < count; k++) {
            float v = coef[k];
            float[] row = w[rows[k]];
            for (int j = 0; j < out.length; j++) out[j] += v * row[j];
        }
    }
}
