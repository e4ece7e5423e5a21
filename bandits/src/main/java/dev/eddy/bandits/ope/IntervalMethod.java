package dev.eddy.bandits.ope;

/** Forms a confidence interval around an estimator's value from its {@link EstimatorTerms}. */
public interface IntervalMethod {

    /** @param method names the method and its settings, for reports */
    record Interval(double lower, double upper, String method) {}

    Interval interval(EstimatorTerms terms);

    /** The percentile bootstrap over slates: valid for every estimator. */
    static IntervalMethod bootstrap(int resamples, double level, long seed) {
        return new Bootstrap(resamples, level, seed);
    }

    /** 1,000 resamples, 95 %, seed 0. */
    static IntervalMethod bootstrap() {
        return new Bootstrap(1000, 0.95, 0);
    }

    /**
     * {@code inner}, widened where it cannot be trusted because the value rests on few events (see
     * {@link FewEventsGuard}): an exact binomial interval or empirical Bernstein then sets the width.
     */
    static IntervalMethod guardingFewEvents(IntervalMethod inner, double level) {
        return new FewEventsGuard(inner, level);
    }

    /** Empirical Bernstein at {@code level} with the largest observed weight as the weight bound. */
    static IntervalMethod empiricalBernstein(double level) {
        return new EmpiricalBernstein(level, Double.NaN);
    }

    /** Empirical Bernstein with a weight bound known before the log was seen (e.g. max_a π(a)/μ(a)). */
    static IntervalMethod empiricalBernstein(double level, double weightBound) {
        return new EmpiricalBernstein(level, weightBound);
    }
}
