package dev.eddy.bandits.baseline;

import dev.eddy.events.features.SparseVector;

/**
 * Ridge regression kept online: A = λI + Σ x xᵀ and b = Σ y x, holding A⁻¹ (dense, row-major) and θ = A⁻¹ b rather
 * than A, so that a prediction costs O(nnz), a confidence width O(nnz²) and an update O(d²) with Sherman–Morrison,
 * never an O(d³) inversion.
 *
 * <p>Features are read at {@code index − offset}: the disjoint mode of {@link LinUcb} points each per-action model at
 * its own block of the joint vector without copying it.
 */
final class OnlineRidge implements LinearRegressor {
    final int dimension;
    final double ridge;
    double[] inverse;
    double[] theta;
    private final double[] u;

    OnlineRidge(int dimension, double ridge) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
        if (!(ridge > 0) || !Double.isFinite(ridge)) throw new IllegalArgumentException("ridge λ must be > 0");
        if ((long) dimension * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dimension " + dimension + " too large for a dense A⁻¹");
        }
        this.dimension = dimension;
        this.ridge = ridge;
        this.inverse = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) inverse[i * dimension + i] = 1.0 / ridge;
        this.theta = new double[dimension];
        this.u = new double[dimension];
    }

    @Override
    public double predict(SparseVector x) {
        return predict(x, 0);
    }

    @Override
    public void update(SparseVector x, double target, double weight) {
        update(x, 0, target, weight);
    }

    double predict(SparseVector x, int offset) {
        return Rounds.dot(x, theta, offset);
    }

    /** xᵀ A⁻¹ x, touching only the rows and columns of x's nonzeros. */
    double quadraticForm(SparseVector x, int offset) {
        int[] idx = x.indices();
        float[] val = x.values();
        double s = 0;
        for (int j = 0; j < idx.length; j++) {
            int row = (idx[j] - offset) * dimension;
            double inner = 0;
            for (int l = 0; l < idx.length; l++) inner += inverse[row + idx[l] - offset] * val[l];
            s += val[j] * inner;
        }
        return s;
    }

    void update(SparseVector x, int offset, double y) {
        update(x, offset, y, 1.0);
    }

    /**
     * Adds (x, y) with weight w: A ← A + w x xᵀ and b ← b + w y x, i.e. A⁻¹ ← A⁻¹ − w u uᵀ / (1 + w xᵀu) with
     * u = A⁻¹x, and θ ← θ + w u (y − xᵀθ) / (1 + w xᵀu), the same rank-one identity applied to A⁻¹b, so θ never needs
     * a d² product with b. Weight w is exactly w copies of the example (up to rounding); w = 1 is the plain update.
     */
    void update(SparseVector x, int offset, double y, double w) {
        int[] idx = x.indices();
        float[] val = x.values();
        if (idx.length == 0) return;
        int d = dimension;
        // A⁻¹ is symmetric, so u = Σ_j v_j · (row idx_j of A⁻¹) reads contiguous rows.
        java.util.Arrays.fill(u, 0.0);
        for (int j = 0; j < idx.length; j++) {
            int row = (idx[j] - offset) * d;
            double v = val[j];
            for (int i = 0; i < d; i++) u[i] += v * inverse[row + i];
        }
        double s = 0;
        double predicted = 0;
        for (int j = 0; j < idx.length; j++) {
            int i = idx[j] - offset;
            s += val[j] * u[i];
            predicted += val[j] * theta[i];
        }
        double denom = 1 + w * s;
        double step = w * (y - predicted) / denom;
        for (int i = 0; i < d; i++) theta[i] += step * u[i];
        for (int i = 0; i < d; i++) {
            double ui = w * u[i] / denom;
            if (ui == 0) continue;
            int row = i * d;
            for (int k = 0; k < d; k++) inverse[row + k] -= ui * u[k];
        }
    }

    @Override
    public void write(Snapshots.Writer w) {
        w.putDoubles(theta).putDoubles(inverse);
    }

    @Override
    public Runnable read(Snapshots.Reader r) {
        double[] t = r.getDoubles(dimension);
        double[] inv = r.getDoubles(dimension * dimension);
        return () -> {
            theta = t;
            inverse = inv;
        };
    }
}
