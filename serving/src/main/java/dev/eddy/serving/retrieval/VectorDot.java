package dev.eddy.serving.retrieval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner products with the Vector API: the retrieval's one hot loop (every node a graph search visits, every row of an
 * exact scan). JVector 4 uses the Vector API only on Java 20 and later, so on Java 17 this is the only SIMD the
 * search gets. Loaded only when {@link ExactTopK#SIMD}; the sum's order differs from the scalar loop's, so scores agree
 * to float rounding, not bit for bit (retrieval ranks by them, nothing learns from them).
 */
final class VectorDot {
    private VectorDot() {}

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    static float dot(float[] a, int offsetA, float[] b, int offsetB, int dim) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int d = 0;
        for (int end = SPECIES.loopBound(dim); d < end; d += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, a, offsetA + d).fma(FloatVector.fromArray(SPECIES, b, offsetB + d), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; d < dim; d++) s += a[offsetA + d] * b[offsetB + d];
        return s;
    }
}
