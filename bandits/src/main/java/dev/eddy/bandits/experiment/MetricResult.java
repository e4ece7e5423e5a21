package dev.eddy.bandits.experiment;

import java.util.List;

/**
 * One metric of one experiment (in one segment) at one look: control and each treatment against it. Pass it back to
 * the next {@link MetricAnalysis#analyze} call of the same cell, so that the always-valid p-values stay monotone
 * and the confidence sequences keep shrinking.
 *
 * @param controlN    control's users
 * @param controlMean control's metric (CUPED-adjusted when the analysis uses CUPED)
 * @param treatments  one result per treatment, in the order of the analysed list
 * @param cuped       the CUPED fit, or null without CUPED
 */
public record MetricResult(long controlN, double controlMean, List<VariantResult> treatments, Cuped cuped) {

    public MetricResult {
        treatments = List.copyOf(treatments);
    }
}
