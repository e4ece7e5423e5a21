package dev.eddy.bandits.baseline;

/**
 * Which online least-squares oracle a linear baseline fits. {@link Kind#NORMALIZED} (the default): Vowpal Wabbit's
 * adaptive, normalized, importance-aware update ({@link NormalizedRegressor}), O(nnz) per update, any dimension,
 * insensitive to the scale of each feature. {@link Kind#ADAGRAD}: AdaGrad steps with a bias, O(nnz)
 * per update, for high-dimensional hashed features, but with noisy rewards it converges slowly (its step shrinks
 * like 1/sqrt(t), so the estimate keeps jittering). {@link Kind#RIDGE}: exact ridge regression kept with
 * Sherman–Morrison, O(d²) per update and d² memory, for d up to a few thousand; it has no separate bias, so give the
 * features a constant one (the disjoint encoding of a context with a constant gets one per action).
 *
 * @param kind the oracle
 * @param rate the learning rate (normalized, AdaGrad), or ridge's λ
 */
public record Regression(Kind kind, double rate) {
    // Ordinals are written into snapshots: append new kinds, never reorder.
    public enum Kind { ADAGRAD, RIDGE, NORMALIZED }

    public Regression {
        if (kind == null) throw new IllegalArgumentException("regression kind must not be null");
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException((kind == Kind.RIDGE ? "ridge λ" : "learning rate") + " must be > 0");
        }
    }

    public static Regression adaGrad(double learningRate) {
        return new Regression(Kind.ADAGRAD, learningRate);
    }

    /** Vowpal Wabbit's default update (adaptive, normalized, importance-aware) at learning rate {@code rate}. */
    public static Regression normalized(double learningRate) {
        return new Regression(Kind.NORMALIZED, learningRate);
    }

    public static Regression ridge(double lambda) {
        return new Regression(Kind.RIDGE, lambda);
    }

    LinearRegressor create(int dimension) {
        return switch (kind) {
            case ADAGRAD -> new AdaGradRegressor(dimension, rate);
            case RIDGE -> new OnlineRidge(dimension, rate);
            case NORMALIZED -> new NormalizedRegressor(dimension, rate);
        };
    }

    void write(Snapshots.Writer w) {
        w.putInt(kind.ordinal()).putDouble(rate);
    }

    void expect(Snapshots.Reader r) {
        r.expectInt("regression", kind.ordinal());
        r.expectDouble("regression rate", rate);
    }

    /**
     * Reads the oracle a snapshot recorded and says which one the restored learner goes on with: this one when
     * they are equal; the recorded AdaGrad when this is the normalized oracle, because a snapshot that records
     * AdaGrad while the learner's parameters now choose the normalized oracle was written before that oracle was
     * the default, under the same parameters (a model keeps learning the way it was trained); otherwise refuses.
     */
    Regression restoring(Snapshots.Reader r) {
        int k = r.getInt();
        double recordedRate = r.getDouble();
        if (k == kind.ordinal() && Double.doubleToLongBits(recordedRate) == Double.doubleToLongBits(rate)) return this;
        if (kind == Kind.NORMALIZED && k == Kind.ADAGRAD.ordinal()) return adaGrad(recordedRate);
        String recorded = k >= 0 && k < Kind.values().length ? Kind.values()[k].name() : String.valueOf(k);
        throw new IllegalArgumentException("snapshot was taken with regression " + recorded + " at " + recordedRate
                + ", this learner has " + kind + " at " + rate);
    }
}
