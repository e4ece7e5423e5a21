package dev.eddy.bandits.explore;

/**
 * A one-sided CUSUM test (Page 1954) on the gap between the loss a learner observes for the action it played and the
 * loss it predicted for that action: g ← max(0, g + (observed − predicted) − slack), an alarm when g exceeds
 * {@code threshold}, after which g starts again from 0.
 *
 * <p>While the world stays as it was, a learner that fits it predicts its played actions' losses without bias and g
 * stays near 0: the slack is subtracted every round, and a 0/1 loss's noise (standard deviation at most 0.5) crosses
 * the default threshold 10 with the default slack 0.1 once in some 50,000 rounds at worst (Siegmund's approximation
 * of CUSUM's run length; no alarm in 100,000 calibrated rounds in the tests). When the played actions turn worse than
 * predicted — the users' tastes moved — g grows by about the size of the surprise per round: a surprise of 0.4
 * raises the alarm after some 35 rounds. A threshold of 20 missed changes the network had half unlearned before
 * the alarm (a 5-armed test whose best arm moves: 1 of 3 seeds caught, against 3 of 3 with 10). Only the played actions are watched, so a change that makes an unplayed
 * action better raises no alarm; exploration after the reset is what finds such an action once the played ones fail.
 *
 * @param slack     the surprise per round that is tolerated (the drift of g under no change is −slack)
 * @param threshold the alarm level of g
 */
public record LossDriftDetector(double slack, double threshold) {
    public static final double DEFAULT_SLACK = 0.1;
    public static final double DEFAULT_THRESHOLD = 10;

    public LossDriftDetector {
        if (!(slack >= 0) || !Double.isFinite(slack)) throw new IllegalArgumentException("drift slack must be >= 0");
        if (!(threshold > 0) || !Double.isFinite(threshold)) throw new IllegalArgumentException("drift threshold must be > 0");
    }

    public static LossDriftDetector defaults() {
        return new LossDriftDetector(DEFAULT_SLACK, DEFAULT_THRESHOLD);
    }

    /** The statistic after one round: {@code g} before, the observed and the predicted loss of the played action. */
    public double next(double g, double observedLoss, double predictedLoss) {
        return Math.max(0, g + (observedLoss - predictedLoss) - slack);
    }

    public boolean alarm(double g) {
        return g > threshold;
    }
}
