package dev.eddy.serving.retrieval;

/**
 * Items on the unit sphere of dim + 1 (Bachrach et al., 2014): x / M with a last coordinate sqrt(1 − |x|² / M²), M
 * the largest norm. Inner-product search over items of unequal norms is what graph and cluster indexes do badly (a
 * neighbourhood is a similarity neighbourhood, the top inner products are not); on the unit sphere the order by
 * inner product with a query (q / |q|, 0) is the order by q·x, and it is a metric neighbourhood again.
 */
final class UnitSphere {
    private UnitSphere() {}

    /** M, the largest norm of an item (1 for an all-zero catalogue, which then scales by 1). */
    static double maxNorm(float[] rows, int n, int dim) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) s += (double) rows[i * dim + d] * rows[i * dim + d];
            max = Math.max(max, s);
        }
        return max == 0 ? 1 : Math.sqrt(max);
    }

    /** Writes item {@code row} on the sphere (dim + 1 floats) into {@code out} from {@code at}. */
    static void place(float[] rows, int row, int dim, double maxNorm, float[] out, int at) {
        double scale = 1 / maxNorm;
        double squared = 0;
        for (int d = 0; d < dim; d++) {
            float v = (float) (rows[row * dim + d] * scale);
            out[at + d] = v;
            squared += (double) v * v;
        }
        out[at + dim] = (float) Math.sqrt(Math.max(0, 1 - squared));
    }
}
