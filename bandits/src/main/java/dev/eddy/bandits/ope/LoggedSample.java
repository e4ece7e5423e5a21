package dev.eddy.bandits.ope;

import java.util.Arrays;

/**
 * One logged decision as the off-policy estimators see it: what the logging policy did and earned, the probability
 * it gave that action, and the target policy's whole distribution over the same candidate actions.
 * <p>
 * For position-based (slate) logs one sample is one slot: {@code position} is its slot (0 = first) and all slots
 * of one slate share {@code slateId}. {@code loggedPropensity} and {@code targetProbabilities} are then the
 * probabilities <em>at that position</em>: marginal ones for independent positions (the Open Bandit Dataset's
 * context-free loggers), or conditional on the earlier slots of the slate for a cascade (a {@code Slate}'s propensities).
 * Single-action logs use position 0 and {@link #NO_SLATE}.
 *
 * @param reward              the observed reward of the logged action (rewards in [0, 1] unless an estimator or
 *                            interval says it does not care)
 * @param loggedAction        index of the logged action among the round's candidates, 0-based
 * @param loggedPropensity    probability the logging policy gave {@code loggedAction}, in (0, 1]
 * @param targetProbabilities the target policy's distribution over the round's candidates (index = action);
 *                            finite, non-negative, summing to 1 within 1e-6. Copied on the way in and out.
 * @param position            slot of the slate, 0-based; 0 for single-action logs
 * @param timestamp           event time (epoch milliseconds, or any order key); traces follow list order, not this
 * @param slateId             groups the slots of one slate; {@link #NO_SLATE} makes the sample a slate of its own
 */
public record LoggedSample(double reward, int loggedAction, double loggedPropensity, double[] targetProbabilities,
                           int position, long timestamp, long slateId) {

    /** The slate id of a sample that is not part of a multi-slot slate. */
    public static final long NO_SLATE = -1;

    static final double SUM_TOLERANCE = 1e-6;

    public LoggedSample {
        if (!Double.isFinite(reward)) throw new IllegalArgumentException("reward must be finite, was " + reward);
        if (!(loggedPropensity > 0 && loggedPropensity <= 1)) {
            throw new IllegalArgumentException("logged propensity must be in (0, 1], was " + loggedPropensity);
        }
        if (targetProbabilities == null || targetProbabilities.length == 0) {
            throw new IllegalArgumentException("target probabilities must name at least one action");
        }
        if (loggedAction < 0 || loggedAction >= targetProbabilities.length) {
            throw new IllegalArgumentException("logged action " + loggedAction + " is not among the "
                    + targetProbabilities.length + " actions of the target distribution");
        }
        if (position < 0) throw new IllegalArgumentException("position must be >= 0, was " + position);
        targetProbabilities = targetProbabilities.clone();
        double sum = 0;
        for (int a = 0; a < targetProbabilities.length; a++) {
            double p = targetProbabilities[a];
            if (!Double.isFinite(p) || p < 0) {
                throw new IllegalArgumentException("target probability of action " + a + " must be finite and >= 0,"
                        + " was " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("target probabilities must sum to 1, sum to " + sum);
        }
    }

    /** A single-action sample: position 0, timestamp 0, a slate of its own. */
    public static LoggedSample of(double reward, int loggedAction, double loggedPropensity,
                                  double[] targetProbabilities) {
        return new LoggedSample(reward, loggedAction, loggedPropensity, targetProbabilities, 0, 0, NO_SLATE);
    }

    /** One slot of slate {@code slateId}. */
    public static LoggedSample slot(long slateId, int position, double reward, int loggedAction,
                                    double loggedPropensity, double[] targetProbabilities) {
        return new LoggedSample(reward, loggedAction, loggedPropensity, targetProbabilities, position, 0, slateId);
    }

    /** A copy: the sample stays immutable. Hot loops use {@link #targetProbability(int)} instead. */
    @Override
    public double[] targetProbabilities() {
        return targetProbabilities.clone();
    }

    public double targetProbability(int action) {
        return targetProbabilities[action];
    }

    public int actionCount() {
        return targetProbabilities.length;
    }

    /** w = π(a|x) / μ(a|x) for the logged action a. */
    public double importanceWeight() {
        return targetProbabilities[loggedAction] / loggedPropensity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoggedSample s && Double.compare(reward, s.reward) == 0 && loggedAction == s.loggedAction
                && Double.compare(loggedPropensity, s.loggedPropensity) == 0 && position == s.position
                && timestamp == s.timestamp && slateId == s.slateId
                && Arrays.equals(targetProbabilities, s.targetProbabilities);
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(reward);
        h = 31 * h + loggedAction;
        h = 31 * h + Double.hashCode(loggedPropensity);
        h = 31 * h + position;
        h = 31 * h + Long.hashCode(timestamp);
        h = 31 * h + Long.hashCode(slateId);
        return 31 * h + Arrays.hashCode(targetProbabilities);
    }

    @Override
    public String toString() {
        return "LoggedSample[reward=" + reward + ", loggedAction=" + loggedAction + ", loggedPropensity="
                + loggedPropensity + ", targetProbabilities=" + Arrays.toString(targetProbabilities) + ", position="
                + position + ", timestamp=" + timestamp + ", slateId=" + slateId + "]";
    }
}
