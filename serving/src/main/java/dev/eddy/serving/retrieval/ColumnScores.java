package dev.eddy.serving.retrieval;

/**
 * Inner products of a query with a block of vectors stored column by column: coordinate d of the j-th vector at
 * {@code base + d · size + j}. Eight vectors at a time, each with its running sum in a register over all
 * coordinates, so the loop reads each coordinate of the query once per eight vectors and stores nothing until the
 * sums are done (the plain {@code out[j] += q[d] · col[j]} form loads and stores {@code out} for every coordinate, and
 * HotSpot 17 does not turn it into packed arithmetic on these machines: about 2× slower, measured).
 */
final class ColumnScores {
    private ColumnScores() {}

    static void score(float[] query, float[] columns, int base, int size, int dim, float[] out) {
        int j = 0;
        for (; j + 8 <= size; j += 8) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int d = 0, o = base + j; d < dim; d++, o += size) {
                float q = query[d];
                s0 += q * columns[o];
                s1 += q * columns[o + 1];
                s2 += q * columns[o + 2];
                s3 += q * columns[o + 3];
                s4 += q * columns[o + 4];
                s5 += q * columns[o + 5];
                s6 += q * columns[o + 6];
                s7 += q * columns[o + 7];
            }
            out[j] = s0;
            out[j + 1] = s1;
            out[j + 2] = s2;
            out[j + 3] = s3;
            out[j + 4] = s4;
            out[j + 5] = s5;
            out[j + 6] = s6;
            out[j + 7] = s7;
        }
        for (; j < size; j++) {
            float s = 0;
            for (int d = 0, o = base + j; d < dim; d++, o += size) s += query[d] * columns[o];
            out[j] = s;
        }
    }
}
