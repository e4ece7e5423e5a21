package dev.eddy.bandits.neural;

/**
 * The inner loops of {@link Mlp#forward}: a layer's pre-activation accumulated from its input, row by row of the
 * input-major weights. Two implementations give bit-identical results: each output unit j receives
 * {@code out[j] += a_i * w_i[j]} for the same inputs i in the same (ascending) order, a float multiply rounded and then
 * a float add rounded, never fused. The vector one only changes which j are done together and keeps them in
 * registers across i, so the learner's and replay's decisions do not depend on which one a JVM got.
 */
interface DenseKernels {

    /** out[j] += Σ_k val[k] · w[idx[k]][j], k ascending: the first layer over the non-zero inputs. */
    void accumulateSparse(int[] idx, float[] val, float[][] w, float[] out);

    /** out[j] += Σ_i in[i] · w[i][j], i ascending, skipping i with in[i] == 0 (inactive ReLU units). */
    void accumulateDense(float[] in, float[][] w, float[] out);

    /**
     * The vector kernels when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launchers and
     * the build do that), else the scalar ones; {@code -Deddy.simd=false} forces the scalar ones.
     */
    static DenseKernels best() {
        return Simd.ENABLED ? VectorDenseKernels.INSTANCE : ScalarDenseKernels.INSTANCE;
    }
}
