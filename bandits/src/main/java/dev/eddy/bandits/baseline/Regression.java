package dev.eddy.bandits.baseline;

/**
 * Which online least-squares oracle a linear baseline fits. {@link Kind#ADAGRAD}: AdaGrad steps with a bias, O(nnz)
 * per update, for high-dimensional hashed features, but with noisy rewards it converges slowly (its step shrinks
 * like 1/sqrt(t), so the estimate keeps jittering). {@link Kind#RIDGE}: exact ridge regression kept with
 * Sherman–Morrison, O(d²) per update and d² memory, for d up to a few thousand; it has no separate bias, so give the
 * features a constant one (the disjoint encoding of a context with a constant gets one per action).
 *
 * @param kind the oracle
 * @param rate AdaGrad's learning rate, or ridge's λ
 */
public record Regression(Kind kind, double rate) {
    public enum Kind { ADAGRAD, RIDGE }

    public Regression {
        if (kind == null) throw new IllegalArgumentException("regression kind must not be null");
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException((kind == Kind.RIDGE ? "ridge λ" : "learning rate") + " must be > 0");
        }
    }

    public static Regression adaGrad(double learningRate) {
        return new Regression(Kind.ADAGRAD, learningRate);
    }

    public static Regression ridge(double lambda) {
        return new Regression(Kind.RIDGE, lambda);
    }

    LinearRegressor create(int dimension) {
        return switch (kind) {
            case ADAGRAD -> new AdaGradRegressor(dimension, rate);
            case RIDGE -> new OnlineRidge(dimension, rate);
        };
    }

    void write(Snapshots.Writer w) {
        w.putInt(kind.ordinal()).putDouble(rate);
    }

    void expect(Snapshots.Reader r) {
        r.expectInt("regression", kind.ordinal());
        r.expectDouble("regression rate", rate);
    }
}
