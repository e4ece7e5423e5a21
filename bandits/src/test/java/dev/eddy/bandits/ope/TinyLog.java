package dev.eddy.bandits.ope;

import java.util.List;

/** A four-sample log over three actions whose estimates are worked out by hand in the tests. */
final class TinyLog {

    private TinyLog() {}

    static final double[] TARGET = {0.5, 0.5, 0.0};

    /**
     * rewards 1, 0, 1, 0; logged actions 0, 1, 2, 0; propensities 0.5, 0.25, 0.25, 0.25 → weights 1, 2, 0, 2.
     */
    static List<LoggedSample> samples() {
        return List.of(
                LoggedSample.of(1, 0, 0.5, TARGET),
                LoggedSample.of(0, 1, 0.25, TARGET),
                LoggedSample.of(1, 2, 0.25, TARGET),
                LoggedSample.of(0, 0, 0.25, TARGET));
    }

    /** q̂(a) = 0.6, 0.2, 0.9 whatever the context. */
    static final RewardModel MODEL = (s, a) -> new double[] {0.6, 0.2, 0.9}[a];
}
