package dev.eddy.bandits.baseline;

import dev.eddy.events.features.SparseVector;

/**
 * Online least squares on sparse joint features with AdaGrad step sizes, plus a bias. AdaGrad rather than plain SGD
 * because hashed or disjoint features are seen at very different rates: rare coordinates keep large steps, frequent
 * ones settle, without a tuned decay schedule.
 */
final class AdaGradRegressor implements LinearRegressor {
    private static final double EPS = 1e-8;

    final int dimension;
    final double learningRate;
    double[] weights;
    double[] squaredGradients;
    double bias;
    double biasSquaredGradient;

    AdaGradRegressor(int dimension, double learningRate) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1");
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be > 0");
        }
        this.dimension = dimension;
        this.learningRate = learningRate;
        this.weights = new double[dimension];
        this.squaredGradients = new double[dimension];
    }

    @Override
    public double predict(SparseVector x) {
        return bias + Rounds.dot(x, weights, 0);
    }

    /**
     * One AdaGrad step on w·½(prediction − target)², as Vowpal Wabbit applies an importance weight w: the step is w
     * times the gradient's, and w copies of the squared gradient enter the adaptive sums. To first order in the step
     * size that is the example learned w times; w = 1 is the plain step, bit for bit.
     */
    @Override
    public void update(SparseVector x, double target, double w) {
        double err = predict(x) - target;
        int[] idx = x.indices();
        float[] val = x.values();
        for (int j = 0; j < idx.length; j++) {
            int i = idx[j];
            double g = err * val[j];
            squaredGradients[i] += w * g * g;
            weights[i] -= learningRate * (w * g) / (Math.sqrt(squaredGradients[i]) + EPS);
        }
        biasSquaredGradient += w * err * err;
        bias -= learningRate * (w * err) / (Math.sqrt(biasSquaredGradient) + EPS);
    }

    @Override
    public void write(Snapshots.Writer w) {
        w.putDouble(bias).putDouble(biasSquaredGradient).putDoubles(weights).putDoubles(squaredGradients);
    }

    @Override
    public Runnable read(Snapshots.Reader r) {
        double b = r.getDouble();
        double bg = r.getDouble();
        double[] w = r.getDoubles(dimension);
        double[] g = r.getDoubles(dimension);
        return () -> {
            bias = b;
            biasSquaredGradient = bg;
            weights = w;
            squaredGradients = g;
        };
    }
}
