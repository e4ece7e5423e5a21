package dev.eddy.bandits.ope;

/**
 * The predictable plug-in empirical-Bernstein confidence sequence of Waudby-Smith and Ramdas ("Estimating means of
 * bounded random variables by betting", JRSS-B 2024, Theorem 2) for the mean of observations in [0, 1]: valid at
 * every n simultaneously, so a running estimate may be watched and stopped at will, which a fixed-n interval
 * does not allow. O(1) per observation.
 * <p>
 * λ_t = min(c, sqrt(2 ln(2/α) / (σ̂²_{t−1} t ln(1 + t)))), centre Σλ_i x_i / Σλ_i, radius
 * (ln(2/α) + Σ v_i ψ(λ_i)) / Σλ_i with v_i = 4 (x_i − μ̂_{i−1})², ψ(λ) = (−ln(1 − λ) − λ)/4,
 * μ̂_t = (1/2 + Σ x) / (t + 1), σ̂²_t = (1/4 + Σ (x_i − μ̂_i)²) / (t + 1), c = 1/2. The reported interval is the
 * running intersection, clipped to [0, 1].
 */
public final class ConfidenceSequence {

    private static final double C = 0.5;

    private final double logTerm;
    private long t;
    private double sumX;
    private double sumSquares;
    private double sumLambda;
    private double sumLambdaX;
    private double sumPenalty;
    private double lower = 0;
    private double upper = 1;

    public ConfidenceSequence(double level) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        this.logTerm = Math.log(2 / (1 - level));
    }

    /** Adds one observation in [0, 1]. */
    public void add(double x) {
        if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException("observation must be in [0, 1], was " + x);
        double meanBefore = (0.5 + sumX) / (t + 1);
        double varianceBefore = (0.25 + sumSquares) / (t + 1);
        t++;
        double lambda = Math.min(C, Math.sqrt(2 * logTerm / (varianceBefore * t * Math.log(1 + t))));
        sumLambda += lambda;
        sumLambdaX += lambda * x;
        double v = 4 * (x - meanBefore) * (x - meanBefore);
        sumPenalty += v * (-Math.log(1 - lambda) - lambda) / 4;
        sumX += x;
        double meanNow = (0.5 + sumX) / (t + 1);
        sumSquares += (x - meanNow) * (x - meanNow);
        double centre = sumLambdaX / sumLambda;
        double radius = (logTerm + sumPenalty) / sumLambda;
        lower = Math.max(lower, centre - radius);
        upper = Math.min(upper, centre + radius);
    }

    public long count() {
        return t;
    }

    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }
}
