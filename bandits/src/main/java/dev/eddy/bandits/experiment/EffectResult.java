package dev.eddy.bandits.experiment;

/**
 * One effect's estimate and intervals at one look.
 *
 * @param effect             the estimate and its standard error
 * @param interval           the fixed-horizon 1 − α interval (Welch t): valid only if this is the one planned look
 * @param sequentialInterval the asymptotic confidence sequence, intersected over the looks since the estimate last
 *                           left it ({@link MetricAnalysis}): valid at every look
 */
public record EffectResult(Effect effect, Interval interval, Interval sequentialInterval) {
}
