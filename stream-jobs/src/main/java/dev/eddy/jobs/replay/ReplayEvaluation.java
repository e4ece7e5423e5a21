package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.CrossFitting;
import dev.eddy.bandits.ope.Estimate;
import dev.eddy.bandits.ope.Estimators;
import dev.eddy.bandits.ope.IntervalMethod;
import dev.eddy.bandits.ope.LoggedSample;
import dev.eddy.bandits.ope.OffPolicyEstimator;
import dev.eddy.bandits.ope.OnlineEstimateTrace;
import dev.eddy.bandits.ope.PositionActionMean;
import dev.eddy.bandits.ope.Replay;
import dev.eddy.bandits.ope.RewardModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what the policies made of the log into off-policy estimates: per policy, over all positions and at each
 * position, with the configured estimators (model-based ones on a cross-fitted context-free reward model, so that
 * no prediction saw its own sample), bootstrap intervals, an estimate-versus-events trace and the distribution of
 * importance weights.
 */
public final class ReplayEvaluation {

    /**
     * @param estimators    estimator names ({@link Estimators#NAMES}); empty: the default set for the log
     * @param folds         cross-fitting folds of the reward model
     * @param shrinkage     pseudo-observations of the reward model's per-(position, action) means
     * @param switchTau     Switch-DR's weight threshold
     * @param shrinkLambda  DR-OS's shrinkage λ
     * @param interval      the interval method
     * @param seed          seed of folds, bootstrap and replay sampling
     */
    public record Options(List<String> estimators, int folds, double shrinkage, double switchTau, double shrinkLambda,
                          IntervalMethod interval, long seed) {
        public static Options defaults() {
            return new Options(List.of(), 5, 10, 20, 10, IntervalMethod.bootstrap(1000, 0.95, 0), 0);
        }
    }

    static final List<String> DEFAULT_ESTIMATORS = List.of("dm", "ips", "snips", "dr", "sndr", "switch-dr", "dr-os");
    private static final int TRACE_POINTS = 200;
    private static final int HISTOGRAM_BINS = 30;

    private final Options options;

    /** Appended to the interval method of model-based estimates whose interval leaves the model's error out. */
    public static final String IGNORES_MODEL_BIAS = "conditional on the reward model: ignores its bias";

    private final IntervalMethod interval;

    public ReplayEvaluation(Options options) {
        this.options = options;
        // A percentile bootstrap of a handful of events can be zero-width; widen it where the value rests on few.
        this.interval = IntervalMethod.guardingFewEvents(options.interval(), 0.95);
    }

    /** Sorts each policy's samples into event-time order (the log's order) and estimates. */
    public ReplayResults evaluate(String input, Map<String, List<ReplayedSample>> byPolicy,
                                  List<ReplayedSample> problems, double seconds) {
        List<ReplayResults.PolicyResult> results = new ArrayList<>();
        List<ReplayResults.ScopeValue> logged = List.of();
        long events = 0;
        for (Map.Entry<String, List<ReplayedSample>> e : byPolicy.entrySet()) {
            List<ReplayedSample> ordered = new ArrayList<>(e.getValue());
            ordered.sort(Comparator.comparingLong((ReplayedSample s) -> s.timestamp)
                    .thenComparing(s -> s.source).thenComparingLong(s -> s.line));
            List<LoggedSample> samples = toLoggedSamples(ordered);
            events = samples.size();
            if (logged.isEmpty()) logged = loggedValue(samples);
            results.add(evaluatePolicy(e.getKey(), samples));
        }
        // Problems reach the client in no particular order; the report lists them as they are in the input.
        List<ReplayResults.Problem> shown = problems.stream()
                .sorted(Comparator.comparing((ReplayedSample p) -> p.source).thenComparingLong(p -> p.line)).limit(100)
                .map(p -> new ReplayResults.Problem(p.source, p.line, p.problem)).toList();
        return new ReplayResults(input, events, problems.size(), shown, logged, results, seconds);
    }

    static List<LoggedSample> toLoggedSamples(List<ReplayedSample> ordered) {
        List<LoggedSample> out = new ArrayList<>(ordered.size());
        for (ReplayedSample s : ordered) {
            out.add(new LoggedSample(s.reward, s.loggedAction, s.loggedPropensity, s.target, s.position, s.timestamp,
                    LoggedSample.NO_SLATE));
        }
        return out;
    }

    ReplayResults.PolicyResult evaluatePolicy(String policy, List<LoggedSample> samples) {
        List<String> names = estimatorNames(samples);
        List<ReplayResults.ScopeEstimates> scopes = new ArrayList<>();
        scopes.add(new ReplayResults.ScopeEstimates(-1, samples.size(), estimate(samples, names)));
        Map<Integer, List<LoggedSample>> byPosition = byPosition(samples);
        if (byPosition.size() > 1) {
            byPosition.forEach((p, s) -> scopes.add(new ReplayResults.ScopeEstimates(p, s.size(), estimate(s, names))));
        }
        String traced = names.contains("snips") ? "snips" : names.contains("ips") ? "ips" : names.get(0);
        List<OnlineEstimateTrace.Point> trace = OnlineEstimateTrace.of(
                estimator(traced, samples).terms(samples), TRACE_POINTS, 0.95);
        return new ReplayResults.PolicyResult(policy, scopes, traced, trace, histogram(samples));
    }

    private List<String> estimatorNames(List<LoggedSample> samples) {
        if (!options.estimators().isEmpty()) return options.estimators();
        List<String> names = new ArrayList<>(DEFAULT_ESTIMATORS);
        // Li et al.'s rejection-sampling replay is only unbiased on logs of a uniform policy.
        if (isUniformLog(samples)) names.add("replay");
        return names;
    }

    static boolean isUniformLog(List<LoggedSample> samples) {
        for (LoggedSample s : samples) {
            if (!Replay.isUniform(s)) return false;
        }
        return !samples.isEmpty();
    }

    private List<Estimate> estimate(List<LoggedSample> samples, List<String> names) {
        RewardModel model = null;
        List<Estimate> out = new ArrayList<>(names.size());
        for (String name : names) {
            // A cross-fitted model needs two samples at least; a log smaller than that gets no model-based estimate.
            if (needsModel(name) && samples.size() < 2) continue;
            if (model == null && needsModel(name)) model = rewardModel(samples);
            Estimate e = Estimators.byName(name, model, options.switchTau(), options.shrinkLambda(), options.seed())
                    .estimate(samples, interval);
            out.add(name.equals("dm") ? ignoringModelBias(e) : e);
        }
        return out;
    }

    /**
     * DM's bootstrap resamples the model's predictions with the model held fixed, so its interval is as narrow as
     * the predictions are steady, however wrong the model is; the method
     * name says so, and the report marks it.
     */
    static Estimate ignoringModelBias(Estimate e) {
        return new Estimate(e.estimator(), e.value(), e.lower(), e.upper(),
                e.intervalMethod() + ", " + IGNORES_MODEL_BIAS, e.effectiveSampleSize(), e.maxImportanceWeight(),
                e.n());
    }

    private OffPolicyEstimator estimator(String name, List<LoggedSample> samples) {
        RewardModel model = needsModel(name) ? rewardModel(samples) : null;
        return Estimators.byName(name, model, options.switchTau(), options.shrinkLambda(), options.seed());
    }

    /** Cross-fitted on as many folds as configured, or as the log has samples when it is smaller than that. */
    private RewardModel rewardModel(List<LoggedSample> samples) {
        int folds = Math.max(2, Math.min(options.folds(), samples.size()));
        return new CrossFitting(folds, options.seed()).fit(samples, new PositionActionMean(options.shrinkage()));
    }

    private static boolean needsModel(String name) {
        return name.equals("dm") || name.contains("dr");
    }

    private static Map<Integer, List<LoggedSample>> byPosition(List<LoggedSample> samples) {
        Map<Integer, List<LoggedSample>> m = new TreeMap<>();
        for (LoggedSample s : samples) m.computeIfAbsent(s.position(), p -> new ArrayList<>()).add(s);
        return m;
    }

    static List<ReplayResults.ScopeValue> loggedValue(List<LoggedSample> samples) {
        List<ReplayResults.ScopeValue> out = new ArrayList<>();
        out.add(new ReplayResults.ScopeValue(-1, samples.size(), mean(samples)));
        Map<Integer, List<LoggedSample>> byPosition = byPosition(samples);
        if (byPosition.size() > 1) byPosition.forEach((p, s) -> out.add(new ReplayResults.ScopeValue(p, s.size(), mean(s))));
        return out;
    }

    private static double mean(List<LoggedSample> samples) {
        double sum = 0;
        for (LoggedSample s : samples) sum += s.reward();
        return samples.isEmpty() ? Double.NaN : sum / samples.size();
    }

    static ReplayResults.WeightHistogram histogram(List<LoggedSample> samples) {
        double max = 0;
        double sum = 0;
        for (LoggedSample s : samples) {
            max = Math.max(max, s.importanceWeight());
            sum += s.importanceWeight();
        }
        double top = max > 0 ? max : 1;
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) edges[i] = top * i / HISTOGRAM_BINS;
        long[] counts = new long[HISTOGRAM_BINS];
        for (LoggedSample s : samples) {
            int bin = (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(s.importanceWeight() / top * HISTOGRAM_BINS));
            counts[bin]++;
        }
        return new ReplayResults.WeightHistogram(edges, counts, max, samples.isEmpty() ? Double.NaN : sum / samples.size());
    }
}
