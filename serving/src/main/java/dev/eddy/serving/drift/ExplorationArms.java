package dev.eddy.serving.drift;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The two ways of filling slot 1 while a model's reward rate is in doubt after an alarm: the model's own top pick
 * ({@code model}) or one of the other candidates drawn uniformly ({@code others}). Each keeps a Beta posterior of
 * its rate of decisions rewarded within the horizon, and {@link #modelShare} is the probability that the model's pick
 * is the better of the two (Thompson's probability matching, by the normal approximation of the two posteriors),
 * kept within [{@link #MIN_SHARE}, 1 − {@link #MIN_SHARE}] so that neither stops being tried.
 *
 * <p>Not thread-safe: its {@link RewardRateGuard} serialises the calls.
 */
final class ExplorationArms {
    /** The least probability either way is tried with. */
    static final double MIN_SHARE = 0.05;
    /**
     * Decisions' worth of evidence a newly learned version starts with, centred on the others' rate: at par with the
     * alternative until its own decisions tell.
     */
    static final double AT_PAR_WEIGHT = 10;
    /**
     * Outcomes each way must have, since the alarm (the model's pick: since its version was judged afresh), before
     * its picks can be called better: the probability is read after every outcome, and without a floor a short early
     * run of misses of the others ended an exploration after 1.9 s in the demo.
     */
    static final long MIN_OUTCOMES = 50;
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private double modelRewarded;
    private double modelMissed;
    private double othersRewarded;
    private double othersMissed;
    private long modelOutcomes;
    private long othersOutcomes;

    /**
     * Arms after an alarm: the model's pick starts from the outcomes that raised it ({@code rewarded} of
     * {@code decisions}, the decisions since the detector's statistic last stood at zero), the others from nothing.
     */
    ExplorationArms(long rewarded, long decisions) {
        modelRewarded = rewarded;
        modelMissed = decisions - rewarded;
    }

    void model(boolean rewarded) {
        if (rewarded) modelRewarded++;
        else modelMissed++;
        modelOutcomes++;
    }

    void others(boolean rewarded) {
        if (rewarded) othersRewarded++;
        else othersMissed++;
        othersOutcomes++;
    }

    /**
     * A version that learned since the alarm: its picks are judged afresh, from a prior whose mean is the others'
     * rate (Beta with {@link #AT_PAR_WEIGHT} + 2 in all), so that it starts at par.
     */
    void newModel() {
        double others = mean(othersRewarded, othersMissed);
        modelRewarded = (AT_PAR_WEIGHT + 2) * others - 1;
        modelMissed = (AT_PAR_WEIGHT + 2) * (1 - others) - 1;
        modelOutcomes = 0;
    }

    /**
     * Whether the model's picks are shown better than the others: with probability 1 − {@link #MIN_SHARE}, on at
     * least {@link #MIN_OUTCOMES} outcomes each way.
     */
    boolean modelProvenBetter() {
        return modelOutcomes >= MIN_OUTCOMES && othersOutcomes >= MIN_OUTCOMES && modelBetter() >= 1 - MIN_SHARE;
    }

    /** The probability that the model's pick is rewarded more often than the others, by the evidence so far. */
    double modelBetter() {
        double mm = mean(modelRewarded, modelMissed);
        double mo = mean(othersRewarded, othersMissed);
        double sd = Math.sqrt(variance(modelRewarded, modelMissed) + variance(othersRewarded, othersMissed));
        return STANDARD_NORMAL.cumulativeProbability((mm - mo) / sd);
    }

    /** The probability with which slot 1 holds the model's pick. */
    double modelShare() {
        return Math.min(1 - MIN_SHARE, Math.max(MIN_SHARE, modelBetter()));
    }

    /** Mean of Beta(1 + rewarded, 1 + missed). */
    private static double mean(double rewarded, double missed) {
        return (1 + rewarded) / (2 + rewarded + missed);
    }

    private static double variance(double rewarded, double missed) {
        double m = mean(rewarded, missed);
        return m * (1 - m) / (3 + rewarded + missed);
    }
}
