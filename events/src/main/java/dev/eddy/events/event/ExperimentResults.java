package dev.eddy.events.event;

import java.time.Instant;
import java.util.List;

/**
 * One read-out of a running (or ended) experiment, on {@code eddy.experiments} keyed by the experiment id: what the
 * experiments job computed from every exposure and outcome up to {@code dataUntil}. The job writes one every
 * {@code experiments.emit-every} while data arrives and a final one ({@code ended = true}) when the experiment ends;
 * serving keeps the newest and their history for the dashboard. The user is the randomization unit: every count
 * below is of users unless it says exposures.
 *
 * @param experimentId the experiment (the Kafka key)
 * @param emittedAt    when the job wrote this read-out
 * @param dataUntil    event time up to which exposures and outcomes are counted (the job's watermark)
 * @param ended        true for the final read-out, after the experiment's end or stop
 * @param control      the control variant every lift is measured against
 * @param variants     per variant: configured weight, users exposed, exposures (decisions)
 * @param sampleRatio  the sample-ratio check of the users per variant against the weights
 * @param metrics      one row per (metric, segment, variant), the control's rows included (without lift)
 */
public record ExperimentResults(String experimentId, Instant emittedAt, Instant dataUntil, boolean ended,
                                String control, List<VariantCount> variants, SampleRatio sampleRatio,
                                List<MetricResult> metrics) {

    public ExperimentResults {
        variants = List.copyOf(variants);
        metrics = List.copyOf(metrics);
    }

    /** One variant's size. */
    public record VariantCount(String variant, double weight, long users, long exposures) {}

    /**
     * The sample-ratio mismatch check: a chi-squared test of users per variant against the configured weights
     * (fixed-horizon p) and a sequential test that stays valid however often it is read (anytime-valid p, Lindon
     * and Malek 2022). {@code mismatch} is true when either is below 0.001.
     */
    public record SampleRatio(double chiSquareP, double sequentialP, boolean mismatch) {}

    /** A two-sided interval; bounds may be infinite while data are scarce (JSON null). */
    public record Interval(Double lower, Double upper) {}

    /**
     * One metric of one variant in one segment.
     *
     * @param metric                 the metric's name from the experiments file
     * @param segment                {@code all}, or {@code feature=value} for a segment the file names
     * @param variant                the variant
     * @param users                  users counted in this metric and segment
     * @param mean                   the metric's mean per user (a ratio metric: Σ numerator / Σ denominator)
     * @param standardError          the mean's standard error (delta method for ratio metrics)
     * @param lift                   mean − control mean (CUPED-adjusted where the covariate applies); null on the
     *                               control's row or while an arm has fewer than two users
     * @param relativeLift           lift / |control mean|; null on the control's row or a control mean of 0
     * @param interval               the relative lift's fixed-horizon 95 % interval (Welch / delta method)
     * @param alwaysValidInterval    the relative lift's always-valid 95 % interval (asymptotic confidence sequence)
     * @param pValue                 fixed-horizon two-sided p-value (valid only when read once, at a planned size)
     * @param alwaysValidPValue      always-valid p-value (mSPRT), valid however often it is read
     * @param adjustedPValue         the always-valid p-value adjusted for the experiment's comparisons
     *                               (Benjamini–Hochberg over variants × metrics × segments)
     * @param probabilityToBeat      Bayesian probability that the variant beats the control (by the metric's direction)
     * @param expectedLoss           Bayesian expected loss (risk) of choosing the variant, in relative-lift units
     * @param varianceReduction      CUPED: 1 − adjusted variance / raw variance (0 when no covariate applies)
     * @param guardrail              whether the metric is a guardrail
     * @param flagged                a guardrail whose threshold the variant crossed
     * @param flagReason             why it is flagged, for people; null when not flagged
     */
    public record MetricResult(String metric, String segment, String variant, long users, double mean,
                               double standardError, Double lift, Double relativeLift, Interval interval,
                               Interval alwaysValidInterval, Double pValue, Double alwaysValidPValue,
                               Double adjustedPValue, Double probabilityToBeat, Double expectedLoss,
                               Double varianceReduction, boolean guardrail, boolean flagged, String flagReason) {}
}
