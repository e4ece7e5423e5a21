package dev.eddy.bandits.ope;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.List;

/**
 * The contextual reward model: ridge regression of the logged reward on φ(x, a_logged), β = (ΦᵀΦ + λI)⁻¹ Φᵀr,
 * solved by Cholesky (EJML), and q̂(x, a) = φ(x, a)ᵀβ clipped to the range of the training rewards (a linear model
 * extrapolates outside it, and DR multiplies that error by the weight). Give φ a constant feature for an intercept:
 * it is penalised like the rest.
 */
public final class RidgeRewardModel implements RewardModelLearner {

    private final FeatureMap features;
    private final double lambda;

    public RidgeRewardModel(FeatureMap features, double lambda) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and > 0, was " + lambda);
        }
        this.features = features;
        this.lambda = lambda;
    }

    @Override
    public RewardModel fit(List<LoggedSample> training) {
        if (training.isEmpty()) throw new IllegalArgumentException("cannot fit a ridge model to no samples");
        int d = features.features(training.get(0), training.get(0).loggedAction()).length;
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        DMatrixRMaj xty = new DMatrixRMaj(d, 1);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LoggedSample s : training) {
            double[] x = dimensionChecked(s, s.loggedAction(), d);
            double r = s.reward();
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
            for (int i = 0; i < d; i++) {
                if (x[i] == 0) continue;
                xty.data[i] += x[i] * r;
                for (int j = i; j < d; j++) gram.data[i * d + j] += x[i] * x[j];
            }
        }
        for (int i = 0; i < d; i++) {
            gram.data[i * d + i] += lambda;
            for (int j = 0; j < i; j++) gram.data[i * d + j] = gram.data[j * d + i];
        }
        DMatrixRMaj beta = new DMatrixRMaj(d, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(d);
        if (!solver.setA(gram)) throw new IllegalStateException("ridge normal equations are not positive definite");
        solver.solve(xty, beta);
        double[] b = beta.data.clone();
        double min = lo, max = hi;
        return (s, a) -> {
            double[] x = dimensionChecked(s, a, d);
            double q = 0;
            for (int i = 0; i < d; i++) q += x[i] * b[i];
            return Math.max(min, Math.min(max, q));
        };
    }

    private double[] dimensionChecked(LoggedSample s, int action, int d) {
        double[] x = features.features(s, action);
        if (x.length != d) {
            throw new IllegalArgumentException("feature map gave " + x.length + " features, expected " + d);
        }
        return x;
    }
}
