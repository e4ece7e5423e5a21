package dev.eddy.bandits.neural;

/**
 * The inner loop of {@link Mlp#forward}: a layer's pre-activation accumulated from the weight rows of its non-zero
 * inputs (input-major weights). Two implementations give bit-identical results: each output unit j receives
 * {@code out[j] += coef[k] · w[rows[k]][j]} for the same rows in the same order, a float multiply rounded and then a
 * float add rounded, never fused. The vector one only changes which j are done together and keeps them in registers
 * across the rows, so the learner's and replay's decisions do not depend on which one a JVM got.
 */
interface DenseKernels {

    /** out[j] += Σ_{k < count} coef[k] · w[rows[k]][j], k ascending. */
    void accumulate(int[] rows, float[] coef, int count, float[][] w, float[] out);

    /**
     * The vector kernels when {@link Simd#ENABLED} ({@code -Deddy.simd=true} and the incubator module, as the
     * tests run), else the scalar ones.
     */
    static DenseKernels best() {
        return Simd.ENABLED ? VectorDenseKernels.INSTANCE : ScalarDenseKernels.INSTANCE;
    }
}
