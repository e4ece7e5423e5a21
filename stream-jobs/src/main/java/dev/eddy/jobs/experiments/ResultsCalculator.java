package dev.eddy.jobs.experiments;

import dev.eddy.bandits.experiment.AnalysisSettings;
import dev.eddy.bandits.experiment.BayesianResult;
import dev.eddy.bandits.experiment.Guardrail;
import dev.eddy.bandits.experiment.Interval;
import dev.eddy.bandits.experiment.MetricAnalysis;
import dev.eddy.bandits.experiment.MetricResult;
import dev.eddy.bandits.experiment.MetricStats;
import dev.eddy.bandits.experiment.MultipleComparisons;
import dev.eddy.bandits.experiment.SampleRatio;
import dev.eddy.bandits.experiment.Scale;
import dev.eddy.bandits.experiment.SequentialSampleRatioTest;
import dev.eddy.bandits.experiment.VariantEstimate;
import dev.eddy.bandits.experiment.VariantResult;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.experiment.Metric;
import dev.eddy.events.experiment.MetricType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns an experiment's sufficient statistics into a read-out ({@link ExperimentResults}), with the statistics
 * library of bandits ({@code dev.eddy.bandits.experiment}): per variant its users and exposures and the sample-ratio
 * checks (chi-squared and sequential, against the configured weights); per metric, segment and variant the mean and
 * its standard error, and against the control the lift with its fixed-horizon and always-valid intervals and
 * p-values ({@link MetricAnalysis}: Welch / delta method, asymptotic confidence sequence, mSPRT), the Bayesian
 * probability to beat the control and expected loss (by the metric's direction), CUPED's variance reduction from the
 * users' pre-exposure covariate, the always-valid p-values adjusted over all comparisons of the experiment
 * (Benjamini–Hochberg), and the guardrail flags. Pure; what a look leaves for the next is returned as a
 * {@link LookMemory}.
 */
public final class ResultsCalculator {

    private final AnalysisSettings analysis;

    public ResultsCalculator(AnalysisSettings analysis) {
        this.analysis = analysis;
    }

    /** 95 % intervals, GrowthBook's tuning, a flat prior, CUPED on (it does nothing where the covariate is constant). */
    public static ResultsCalculator defaults() {
        return new ResultsCalculator(AnalysisSettings.defaults().withCuped(true));
    }

    /** A read-out and what it leaves for the next look. */
    public record Look(ExperimentResults results, LookMemory memory) {}

    /**
     * @param totals    the experiment's cells by {@link StatsDelta#cell} key
     * @param previous  what the previous look left ({@link LookMemory#FIRST} at the first)
     * @param dataUntil event time up to which {@code totals} count
     */
    public Look calculate(ExperimentPlan plan, Map<String, CellStats> totals, LookMemory previous,
                          Instant dataUntil, Instant emittedAt, boolean ended) {
        List<String> variants = plan.variants();
        long[] users = new long[variants.size()];
        double[] weights = new double[variants.size()];
        List<ExperimentResults.VariantCount> counts = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            CellStats own = totals.get(StatsDelta.cell(variants.get(i), StatsDelta.VARIANT, StatsDelta.ALL));
            users[i] = own == null ? 0 : own.n;
            weights[i] = plan.weight(variants.get(i));
            counts.add(new ExperimentResults.VariantCount(variants.get(i), weights[i], users[i],
                    own == null ? 0 : own.exposures));
        }
        double chiSquareP = 1;
        double sequentialP = 1;
        if (variants.size() >= 2) {
            chiSquareP = SampleRatio.chiSquaredPValue(users, weights);
            sequentialP = Math.min(previous.sampleRatioP(),
                    SequentialSampleRatioTest.start(weights).update(users).pValue());
        }
        var sampleRatio = new ExperimentResults.SampleRatio(chiSquareP, sequentialP,
                chiSquareP < SampleRatio.ALERT_LEVEL || sequentialP < SampleRatio.ALERT_LEVEL);

        // Control first, then the others in file order: the order the library compares in.
        List<String> order = new ArrayList<>(List.of(plan.control()));
        for (String v : variants) if (!v.equals(plan.control())) order.add(v);
        Map<String, MetricResult> analyses = new HashMap<>(previous.analyses());
        List<Row> rows = new ArrayList<>();
        for (Metric metric : plan.metrics()) {
            for (String segment : segments(totals)) {
                List<MetricStats> stats = new ArrayList<>(order.size());
                long n = 0;
                for (String v : order) {
                    CellStats c = totals.get(StatsDelta.cell(v, metric.name(), segment));
                    MetricStats s = c == null ? MetricStats.EMPTY : c.toMetricStats();
                    stats.add(s);
                    n += s.n();
                }
                if (n == 0) continue;
                String key = LookMemory.key(metric.name(), segment);
                MetricResult before = analyses.get(key);
                if (before != null && before.treatments().size() != order.size() - 1) before = null; // variants changed
                MetricResult analysed = order.size() < 2 ? null : MetricAnalysis.analyze(stats, analysis, before);
                if (analysed != null) analyses.put(key, analysed);
                for (String v : variants) {
                    int at = order.indexOf(v);
                    rows.add(row(metric, segment, v, stats.get(at), analysed, at));
                }
            }
        }
        adjust(rows);
        List<ExperimentResults.MetricResult> metrics = rows.stream().map(Row::result).toList();
        return new Look(new ExperimentResults(plan.id(), emittedAt, dataUntil, ended, plan.control(), counts,
                sampleRatio, metrics), new LookMemory(sequentialP, analyses));
    }

    /** {@code all}, then the segment values the cells have, sorted. */
    private static List<String> segments(Map<String, CellStats> totals) {
        TreeSet<String> values = new TreeSet<>();
        for (String cell : totals.keySet()) {
            int first = cell.indexOf('\u0000');
            int second = cell.indexOf('\u0000', first + 1);
            if (second > first + 1) values.add(cell.substring(second + 1)); // a metric's cell, not a variant's own
        }
        values.remove(StatsDelta.ALL);
        List<String> out = new ArrayList<>(List.of(StatsDelta.ALL));
        out.addAll(values);
        return out;
    }

    /** One variant's row; {@code at} is its place in the analysed order (0: the control). */
    private static Row row(Metric metric, String segment, String variant, MetricStats s, MetricResult analysed, int at) {
        Row r = new Row(metric, segment, variant, s);
        if (analysed != null && analysed.cuped() != null && r.raw.varianceOfMean() > 0) {
            r.varianceReduction = 1 - analysed.cuped().adjust(s).varianceOfMean() / r.raw.varianceOfMean();
        }
        if (at == 0 || analysed == null) return r;
        VariantResult t = analysed.treatments().get(at - 1);
        if (t.absolute().effect().defined()) {
            r.lift = t.absolute().effect().estimate();
            r.pValue = t.pValue();
            r.alwaysValidPValue = t.msprtPValue();
        }
        if (t.relative().effect().defined()) {
            r.relativeLift = t.relative().effect().estimate();
            r.interval = interval(t.relative().interval());
            r.alwaysValidInterval = interval(t.relative().sequentialInterval());
            BayesianResult b = t.bayesian();
            boolean higher = metric.direction() == MetricType.Direction.HIGHER;
            r.probabilityToBeat = higher ? b.chanceToWin() : 1 - b.chanceToWin();
            r.expectedLoss = higher ? b.riskTreatment() : b.riskControl();
            if (metric.isGuardrail()) flag(r, metric, t);
        }
        return r;
    }

    /**
     * A guardrail flags a variant when its whole always-valid interval of the relative lift lies beyond the threshold
     * in the metric's bad direction: harm is established, however often the results are read.
     */
    private static void flag(Row r, Metric metric, VariantResult t) {
        double g = metric.guardrail();
        boolean higher = metric.direction() == MetricType.Direction.HIGHER;
        Guardrail guardrail = higher ? Guardrail.atLeast(metric.name(), Scale.RELATIVE, -g)
                : Guardrail.atMost(metric.name(), Scale.RELATIVE, g);
        if (guardrail.check(t) != Guardrail.Status.VIOLATED) return;
        Interval bound = t.relative().sequentialInterval();
        r.flagged = true;
        r.flagReason = String.format(Locale.ROOT, higher
                        ? "%s: relative lift at most %+.0f %% (always-valid bound), below the %+.0f %% threshold"
                        : "%s: relative lift at least %+.0f %% (always-valid bound), above the %+.0f %% threshold",
                metric.name(), 100 * (higher ? bound.upper() : bound.lower()), 100 * (higher ? -g : g));
    }

    /** The always-valid p-values of all comparisons, adjusted together (Benjamini–Hochberg). */
    private static void adjust(List<Row> rows) {
        List<Row> compared = rows.stream().filter(r -> r.alwaysValidPValue != null).toList();
        if (compared.isEmpty()) return;
        double[] adjusted = MultipleComparisons.benjaminiHochberg(
                compared.stream().mapToDouble(r -> r.alwaysValidPValue).toArray());
        for (int i = 0; i < adjusted.length; i++) compared.get(i).adjustedPValue = adjusted[i];
    }

    private static ExperimentResults.Interval interval(Interval i) {
        return new ExperimentResults.Interval(Double.isFinite(i.lower()) ? i.lower() : null,
                Double.isFinite(i.upper()) ? i.upper() : null);
    }

    /** A row while it is assembled (the adjusted p-value needs every row first). */
    private static final class Row {
        final Metric metric;
        final String segment;
        final String variant;
        final MetricStats stats;
        final VariantEstimate raw;
        Double lift;
        Double relativeLift;
        ExperimentResults.Interval interval;
        ExperimentResults.Interval alwaysValidInterval;
        Double pValue;
        Double alwaysValidPValue;
        Double adjustedPValue;
        Double probabilityToBeat;
        Double expectedLoss;
        Double varianceReduction;
        boolean flagged;
        String flagReason;

        Row(Metric metric, String segment, String variant, MetricStats stats) {
            this.metric = metric;
            this.segment = segment;
            this.variant = variant;
            this.stats = stats;
            this.raw = VariantEstimate.of(stats);
        }

        ExperimentResults.MetricResult result() {
            // Retractions can leave a variance a rounding error below 0; a standard error is never negative.
            double standardError = Math.sqrt(Math.max(0, raw.varianceOfMean()));
            return new ExperimentResults.MetricResult(metric.name(), segment, variant, stats.n(), stats.ratio(),
                    standardError, lift, relativeLift, interval, alwaysValidInterval, pValue, alwaysValidPValue,
                    adjustedPValue, probabilityToBeat, expectedLoss, varianceReduction, metric.isGuardrail(), flagged,
                    flagReason);
        }
    }
}
