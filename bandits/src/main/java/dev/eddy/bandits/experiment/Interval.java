package dev.eddy.bandits.experiment;

/**
 * A closed interval of effect values. {@link #ALL} (−∞, +∞) is what an analysis reports when the data cannot rule
 * anything out yet (fewer than two users, no variance, a control mean of 0 for a lift).
 */
public record Interval(double lower, double upper) {

    public static final Interval ALL = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("not an interval: [" + lower + ", " + upper + "]");
        }
    }

    public static Interval around(double centre, double halfWidth) {
        return new Interval(centre - halfWidth, centre + halfWidth);
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** Whether the interval rules {@code value} out (e.g. 0: a significant effect). */
    public boolean excludes(double value) {
        return !contains(value);
    }

    /**
     * The running intersection of a confidence sequence: still valid at every look, and never wider than before
     * (Waudby-Smith et al. 2023, §2). An empty intersection means the sequence's assumptions failed (it has
     * probability ≤ α when they hold); then the newer interval is kept rather than reporting nothing.
     */
    public Interval intersect(Interval newer) {
        double lo = Math.max(lower, newer.lower);
        double hi = Math.min(upper, newer.upper);
        return lo <= hi ? new Interval(lo, hi) : newer;
    }

    public double width() {
        return upper - lower;
    }
}
