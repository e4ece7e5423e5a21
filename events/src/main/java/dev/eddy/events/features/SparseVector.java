package dev.eddy.events.features;

import java.util.Arrays;

/**
 * A sparse vector of a fixed dimension: the nonzero entries as indices in ascending order, each once, with
 * their values.
 *
 * <p>The arrays are not copied, so that learners in the hot path pay for one allocation per example and no
 * more; whoever builds a vector hands the arrays over and must not change them afterwards.
 *
 * @param indices   positions of the entries, strictly ascending, each in {@code [0, dimension)}
 * @param values    the entries' values, as many as {@code indices}
 * @param dimension the length of the dense vector this stands for
 */
public record SparseVector(int[] indices, float[] values, int dimension) {

    public SparseVector {
        if (indices == null || values == null) {
            throw new IllegalArgumentException("indices and values must not be null");
        }
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length: "
                    + indices.length + " != " + values.length);
        }
        int previous = -1;
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i <= previous || i >= dimension) {
                throw new IllegalArgumentException("indices[" + k + "] = " + i + " must be greater than "
                        + previous + " and less than the dimension " + dimension);
            }
            previous = i;
        }
    }

    /** The vector with no entries. */
    public static SparseVector empty(int dimension) {
        return new SparseVector(new int[0], new float[0], dimension);
    }

    /** Number of stored entries. */
    public int size() {
        return indices.length;
    }

    /** Inner product with a dense vector of the same dimension; summed in double so long vectors keep precision. */
    public double dot(float[] weights) {
        checkDense(weights);
        double sum = 0;
        for (int k = 0; k < indices.length; k++) sum += (double) weights[indices[k]] * values[k];
        return sum;
    }

    /** {@code dense += scale * this}: the update step of linear learners. */
    public void addTo(float[] dense, float scale) {
        checkDense(dense);
        for (int k = 0; k < indices.length; k++) dense[indices[k]] += scale * values[k];
    }

    /** Sum of the squared values. */
    public double squaredNorm() {
        double sum = 0;
        for (float v : values) sum += (double) v * v;
        return sum;
    }

    /** Euclidean length. */
    public double norm() {
        return Math.sqrt(squaredNorm());
    }

    /** The value at {@code index}, 0 where there is no entry. */
    public float get(int index) {
        int k = Arrays.binarySearch(indices, index);
        return k >= 0 ? values[k] : 0f;
    }

    /** A dense copy, for tests and small dimensions. */
    public float[] toDense() {
        float[] dense = new float[dimension];
        for (int k = 0; k < indices.length; k++) dense[indices[k]] = values[k];
        return dense;
    }

    private void checkDense(float[] dense) {
        // A shorter array would fail only for some inputs, a longer one hints at a mixed-up model: fail always.
        if (dense.length != dimension) {
            throw new IllegalArgumentException("dense vector has length " + dense.length
                    + ", expected the dimension " + dimension);
        }
    }

    // Records compare arrays by reference; two vectors are equal when their entries are.
    @Override
    public boolean equals(Object o) {
        return o instanceof SparseVector v && v.dimension == dimension
                && Arrays.equals(v.indices, indices) && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SparseVector[dim=").append(dimension).append(" {");
        for (int k = 0; k < indices.length; k++) {
            if (k > 0) sb.append(", ");
            sb.append(indices[k]).append(':').append(values[k]);
        }
        return sb.append("}]").toString();
    }
}
