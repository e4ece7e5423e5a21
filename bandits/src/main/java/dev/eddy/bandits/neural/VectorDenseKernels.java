package dev.eddy.bandits.neural;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernels} with the Vector API: the output is cut into vector-wide strips, and each strip stays in a
 * register while every input row adds to it, so a 64 × 64 layer is 64 loads of a weight strip per strip instead of
 * a load and a store of out[] for every row. Loaded only when {@link Simd#ENABLED}.
 */
final class VectorDenseKernels implements DenseKernels {
    static final VectorDenseKernels INSTANCE = new VectorDenseKernels();
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorDenseKernels() {}

    @Override
    public void accumulateSparse(int[] idx, float[] val, float[][] w, float[] out) {
        int n = out.length;
        int j = 0;
        for (int end = SPECIES.loopBound(n); j < end; j += SPECIES.length()) {
            FloatVector acc = FloatVector.fromArray(SPECIES, out, j);
            for (int k = 0; k < idx.length; k++) {
                // mul then add, each rounded, as the scalar kernel: lanewise(FMA) would round once and differ.
                acc = acc.add(FloatVector.fromArray(SPECIES, w[idx[k]], j).mul(val[k]));
            }
            acc.intoArray(out, j);
        }
        for (; j < n; j++) {
            float s = out[j];
            for (int k = 0; k < idx.length; k++) s += val[k] * w[idx[k]][j];
            out[j] = s;
        }
    }

    @Override
    public void accumulateDense(float[] in, float[][] w, float[] out) {
        int n = out.length;
        int j = 0;
        for (int end = SPECIES.loopBound(n); j < end; j += SPECIES.length()) {
            FloatVector acc = FloatVector.fromArray(SPECIES, out, j);
            for (int i = 0; i < in.length; i++) {
                float a = in[i];
                if (a == 0f) continue;
                acc = acc.add(FloatVector.fromArray(SPECIES, w[i], j).mul(a));
            }
            acc.intoArray(out, j);
        }
        for (; j < n; j++) {
            float s = out[j];
            for (int i = 0; i < in.length; i++) {
                float a = in[i];
                if (a != 0f) s += a * w[i][j];
            }
            out[j] = s;
        }
    }
}
