package dev.eddy.jobs.experiments;

import dev.eddy.events.experiment.Metric;
import dev.eddy.events.experiment.Segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-user half of the experiments job, without Flink: applies one input to a user's {@link UserState} and says
 * how the user's contribution to each cell changed, as retract-old / add-new deltas ({@link StatsDelta}: the new
 * contribution minus the old). A cell's sufficient statistics are then the sum of its deltas, whatever the order of
 * the users; the per-experiment stage adds them up.
 *
 * <p>A user contributes to an experiment from their first decision in it: one user and their exposures to their
 * variant's own cell, and per metric a numerator y, a denominator x (1 for a per-user metric) and the covariate c to
 * the cell of every segment they are in ({@code all}, and per segment spec the value of their earliest decision):
 * <ul>
 *   <li>reward-rate: y = Σ reward of their examples, x = their examples; reward-per-user: y = Σ reward, x = 1;</li>
 *   <li>interaction-count / -value: y = interactions of the type from the first exposure on (before the end), or
 *       their Σ value, x = 1;</li>
 *   <li>ratio: y = the numerator metric's y, x = the denominator metric's y;</li>
 *   <li>latency: y = Σ latency of their decisions that carry one, x = those decisions;</li>
 *   <li>c: their interactions in the lookback window before the first exposure (CUPED).</li>
 * </ul>
 * What a user contributes is a function of the set of their inputs, not of the order they came in (earliest
 * exposure wins, ties broken by name), as long as the bounded history still holds what a late earlier exposure needs.
 */
public final class UserAggregation {

    private final ExperimentsSettings settings;
    private final long lookbackMs;

    public UserAggregation(ExperimentsSettings settings) {
        this.settings = settings;
        this.lookbackMs = settings.cupedLookback().toMillis();
    }

    /** Applies one input to the user's state; the deltas of the cells it changed (none for dead or ignored input). */
    public List<StatsDelta> apply(UserState user, ExperimentInput in) {
        return switch (in.kind) {
            case ExperimentInput.DECISION, ExperimentInput.EXAMPLE -> exposure(user, in);
            case ExperimentInput.INTERACTION -> interaction(user, in);
            default -> List.of();
        };
    }

    private List<StatsDelta> exposure(UserState user, ExperimentInput in) {
        ExperimentPlan plan = settings.experiment(in.experimentId);
        // Input buffered before a restart with another file: judged by the file the job has now.
        if (plan == null || !plan.exposes(in.decisionTime) || !plan.hasVariant(in.variant)) return List.of();
        UserExperiment e = user.experimentOrNew(plan.id());
        Map<String, StatsDelta> before = contributions(plan, e);
        expose(user, e, plan, in);
        if (in.kind == ExperimentInput.DECISION) {
            e.exposures++;
            if (!Double.isNaN(in.latencyMs)) {
                e.latencyCount++;
                e.latencySum += in.latencyMs;
            }
        } else {
            e.examples++;
            e.rewardSum += in.reward;
        }
        return deltas(before, contributions(plan, e));
    }

    /**
     * An exposure at the decision's time: the earliest sets the variant; an earlier first exposure moves the
     * interactions between the two from the covariate to the metrics and takes the covariate anew from the history.
     */
    private void expose(UserState user, UserExperiment e, ExperimentPlan plan, ExperimentInput in) {
        long t = in.decisionTime;
        if (t < e.firstExposure || (t == e.firstExposure && in.variant.compareTo(e.variant) < 0)) {
            e.variant = in.variant;
            if (t < e.firstExposure) {
                long before = e.firstExposure;
                e.firstExposure = t;
                double covariate = 0;
                for (int i = 0; i < user.times.length; i++) {
                    long time = user.times[i];
                    if (time >= t && time < before && plan.counts(time)) count(e, plan, user.types[i], user.values[i]);
                    if (time < t && time >= t - lookbackMs) covariate++;
                }
                e.covariate = covariate;
            }
        }
        if (in.segmentSpecs != null) {
            for (int i = 0; i < in.segmentSpecs.length; i++) {
                if (in.segmentValues[i] != null) e.offerSegment(in.segmentSpecs[i], in.segmentValues[i], t);
            }
        }
    }

    private List<StatsDelta> interaction(UserState user, ExperimentInput in) {
        remember(user, in.eventTime, in.interactionType, in.interactionValue);
        List<StatsDelta> out = new ArrayList<>();
        for (UserExperiment e : user.experiments) {
            ExperimentPlan plan = settings.experiment(e.experimentId);
            if (plan == null || plan.stopped() || e.firstExposure == Long.MAX_VALUE) continue;
            long t = in.eventTime;
            if (t >= e.firstExposure && plan.counts(t)) {
                if (!plan.interactionTypes().contains(in.interactionType)) continue;
                Map<String, StatsDelta> before = contributions(plan, e);
                count(e, plan, in.interactionType, in.interactionValue);
                out.addAll(deltas(before, contributions(plan, e)));
            } else if (t < e.firstExposure && t >= e.firstExposure - lookbackMs) {
                // Late: it happened before the exposure but came after it.
                Map<String, StatsDelta> before = contributions(plan, e);
                e.covariate++;
                out.addAll(deltas(before, contributions(plan, e)));
            }
        }
        return out;
    }

    private static void count(UserExperiment e, ExperimentPlan plan, String type, double value) {
        if (plan.interactionTypes().contains(type)) e.countInteraction(type, value);
    }

    /** Adds an interaction to the history in time order, keeping the newest within the lookback and the size bound. */
    private void remember(UserState user, long time, String type, double value) {
        int n = user.times.length;
        int at = n;
        while (at > 0 && user.times[at - 1] > time) at--;
        long[] times = new long[n + 1];
        String[] types = new String[n + 1];
        double[] values = new double[n + 1];
        System.arraycopy(user.times, 0, times, 0, at);
        System.arraycopy(user.types, 0, types, 0, at);
        System.arraycopy(user.values, 0, values, 0, at);
        times[at] = time;
        types[at] = type;
        values[at] = value;
        System.arraycopy(user.times, at, times, at + 1, n - at);
        System.arraycopy(user.types, at, types, at + 1, n - at);
        System.arraycopy(user.values, at, values, at + 1, n - at);
        int from = Math.max(0, times.length - settings.historySize());
        long newest = times[times.length - 1];
        while (from < times.length && times[from] < newest - lookbackMs) from++;
        user.times = Arrays.copyOfRange(times, from, times.length);
        user.types = Arrays.copyOfRange(types, from, types.length);
        user.values = Arrays.copyOfRange(values, from, values.length);
    }

    /**
     * Drops what can no longer matter at event time {@code now}: interactions older than the lookback (an exposure to
     * come would not count them), and experiments whose final read-out is due or that the file no longer runs.
     *
     * @return true when nothing is left of the user
     */
    public boolean prune(UserState user, long now) {
        int from = 0;
        while (from < user.times.length && user.times[from] < now - lookbackMs) from++;
        if (from > 0) {
            user.times = Arrays.copyOfRange(user.times, from, user.times.length);
            user.types = Arrays.copyOfRange(user.types, from, user.types.length);
            user.values = Arrays.copyOfRange(user.values, from, user.values.length);
        }
        user.experiments = Arrays.stream(user.experiments).filter(e -> {
            ExperimentPlan plan = settings.experiment(e.experimentId);
            return plan != null && !plan.stopped() && now < plan.finalAt();
        }).toArray(UserExperiment[]::new);
        return user.isEmpty();
    }

    /** What the user adds to each cell of the experiment, by cell key; nothing before their first decision. */
    public static Map<String, StatsDelta> contributions(ExperimentPlan plan, UserExperiment e) {
        Map<String, StatsDelta> cells = new LinkedHashMap<>();
        if (!e.exposed()) return cells;
        put(cells, new StatsDelta(plan.id(), e.variant, StatsDelta.VARIANT, StatsDelta.ALL,
                CellStats.variantUser(e.exposures)));
        List<String> segments = new ArrayList<>();
        segments.add(StatsDelta.ALL);
        for (Segment s : plan.segments()) {
            String value = e.segment(s.toString());
            if (value != null) segments.add(value);
        }
        List<Metric> metrics = plan.metrics();
        for (int m = 0; m < metrics.size(); m++) {
            double[] yx = value(plan, e, m);
            for (String segment : segments) {
                put(cells, new StatsDelta(plan.id(), e.variant, metrics.get(m).name(), segment,
                        CellStats.user(yx[0], yx[1], e.covariate)));
            }
        }
        return cells;
    }

    /** The user's numerator and denominator of metric {@code m}. */
    static double[] value(ExperimentPlan plan, UserExperiment e, int m) {
        Metric metric = plan.metrics().get(m);
        return switch (metric.type()) {
            case REWARD_RATE -> new double[] {e.rewardSum, e.examples};
            case REWARD_PER_USER -> new double[] {e.rewardSum, 1};
            case INTERACTION_COUNT -> new double[] {e.interactionCount(metric.interaction()), 1};
            case INTERACTION_VALUE -> new double[] {e.interactionValue(metric.interaction()), 1};
            case RATIO -> new double[] {value(plan, e, plan.numerator(m))[0], value(plan, e, plan.denominator(m))[0]};
            case LATENCY -> new double[] {e.latencySum, e.latencyCount};
        };
    }

    private static void put(Map<String, StatsDelta> cells, StatsDelta d) {
        cells.put(d.cell(), d);
    }

    /** After minus before, per cell; cells that did not change are left out. */
    static List<StatsDelta> deltas(Map<String, StatsDelta> before, Map<String, StatsDelta> after) {
        List<StatsDelta> out = new ArrayList<>();
        for (Map.Entry<String, StatsDelta> a : after.entrySet()) {
            StatsDelta b = before.get(a.getKey());
            CellStats change = a.getValue().stats.copy();
            if (b != null) change.add(b.stats, -1);
            if (!change.isZero()) out.add(withStats(a.getValue(), change));
        }
        for (Map.Entry<String, StatsDelta> b : before.entrySet()) {
            if (!after.containsKey(b.getKey())) out.add(withStats(b.getValue(), new CellStats().add(b.getValue().stats, -1)));
        }
        return out;
    }

    private static StatsDelta withStats(StatsDelta cell, CellStats stats) {
        return new StatsDelta(cell.experimentId, cell.variant, cell.metric, cell.segment, stats);
    }
}
