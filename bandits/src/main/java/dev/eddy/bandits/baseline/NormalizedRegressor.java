package dev.eddy.bandits.baseline;

import dev.eddy.events.features.SparseVector;

/**
 * Online least squares with Vowpal Wabbit's default update: adaptive, normalized and importance-aware (Ross, Mineiro
 * &amp; Langford 2013, "Normalized Online Learning"; Karampatziakis &amp; Langford 2011, "Online Importance Weight
 * Aware Updates"). Our own code after the papers and VW's {@code gd.cc}, with VW's default rate 0.5.
 *
 * <ul>
 *   <li><b>adaptive</b>: each coordinate's step shrinks with the root of its summed squared gradients (AdaGrad);</li>
 *   <li><b>normalized</b>: each coordinate remembers the largest |x_i| it has seen, N_i, and its step is divided by
 *       N_i, so that rescaling a feature rescales its weight and not the fit (a larger |x_i| arriving later shrinks
 *       the weight by N_old/N_new, as if the new scale had been known from the start); a global factor
 *       sqrt(Σw / Σw·Σ_i x_i²/N_i²) keeps the step of an example with many non-zero features as large as one with
 *       few;</li>
 *   <li><b>importance-aware</b>: an example of weight w moves the prediction towards its target by
 *       (y − p)(1 − e^{−2ηw·s}), where s is how far one unit of update moves the prediction: the closed form of w
 *       infinitesimal steps, so a large weight never overshoots the target as w plain steps would.</li>
 * </ul>
 *
 * <p>No bias: as in VW, the constant is a feature (the disjoint encoding gives each action its own, feature hashing
 * its bias feature). Predictions are clipped to the range of the targets seen so far (starting at [0, 0], as VW's
 * shared data does) and the gradient is taken at the clipped prediction; a clipped prediction that equals its target
 * has no loss and no update.
 */
final class NormalizedRegressor implements LinearRegressor {
    // VW's floor on x² (its X_MIN): a feature value that squares to zero would divide by zero below.
    private static final double X_MIN = 1.084202e-19;
    private static final double X2_MIN = X_MIN * X_MIN;

    final int dimension;
    final double learningRate;
    double[] weights;
    double[] squaredGradients;
    double[] scales;
    double totalWeight;
    double normalizedSum;
    double minTarget;
    double maxTarget;
    private double[] rate = new double[16];

    NormalizedRegressor(int dimension, double learningRate) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0");
        }
        this.dimension = dimension;
        this.learningRate = learningRate;
        this.weights = new double[dimension];
        this.squaredGradients = new double[dimension];
        this.scales = new double[dimension];
    }

    @Override
    public boolean importanceAware() {
        return true;
    }

    @Override
    public double predict(SparseVector x) {
        return clip(Rounds.dot(x, weights, 0));
    }

    private double clip(double p) {
        return Math.min(maxTarget, Math.max(minTarget, p));
    }

    @Override
    public void update(SparseVector x, double target, double w) {
        minTarget = Math.min(minTarget, target);
        maxTarget = Math.max(maxTarget, target);
        double p = predict(x);
        if (p == target) return;
        double err = p - target;
        double gradSquared = w * 4 * err * err; // VW's loss (p − y)², gradient 2(p − y)
        int[] idx = x.indices();
        float[] val = x.values();
        int nnz = idx.length;
        if (rate.length < nnz) rate = new double[Math.max(nnz, 2 * rate.length)];

        double normX = 0;
        double perUpdate = 0; // how far one unit of update moves the prediction, before the global factor
        for (int j = 0; j < nnz; j++) {
            int i = idx[j];
            double xi = val[j];
            double x2 = xi * xi;
            if (x2 < X2_MIN) {
                xi = xi > 0 ? X_MIN : -X_MIN;
                x2 = X2_MIN;
            }
            squaredGradients[i] += gradSquared * x2;
            double ax = Math.abs(xi);
            if (ax > scales[i]) {
                if (scales[i] > 0) weights[i] *= scales[i] / ax;
                scales[i] = ax;
            }
            normX += x2 / (scales[i] * scales[i]);
            double r = 1.0 / (Math.sqrt(squaredGradients[i]) * scales[i]);
            rate[j] = r;
            perUpdate += x2 * r;
        }
        normalizedSum += w * normX;
        totalWeight += w;
        double multiplier = Math.sqrt(totalWeight / normalizedSum);
        perUpdate *= multiplier;

        double scale = learningRate * w;
        double update = scale * perUpdate < 1e-6
                ? -2 * err * scale
                : -err * (1 - Math.exp(-2 * scale * perUpdate)) / perUpdate;
        update *= multiplier;
        for (int j = 0; j < nnz; j++) {
            int i = idx[j];
            double xi = val[j];
            if (xi * xi < X2_MIN) xi = xi > 0 ? X_MIN : -X_MIN;
            weights[i] += update * xi * rate[j];
        }
    }

    @Override
    public void write(Snapshots.Writer w) {
        w.putDouble(totalWeight).putDouble(normalizedSum).putDouble(minTarget).putDouble(maxTarget)
                .putDoubles(weights).putDoubles(squaredGradients).putDoubles(scales);
    }

    @Override
    public Runnable read(Snapshots.Reader r) {
        double tw = r.getDouble();
        double ns = r.getDouble();
        double lo = r.getDouble();
        double hi = r.getDouble();
        double[] w = r.getDoubles(dimension);
        double[] g = r.getDoubles(dimension);
        double[] s = r.getDoubles(dimension);
        return () -> {
            totalWeight = tw;
            normalizedSum = ns;
            minTarget = lo;
            maxTarget = hi;
            weights = w;
            squaredGradients = g;
            scales = s;
        };
    }
}
