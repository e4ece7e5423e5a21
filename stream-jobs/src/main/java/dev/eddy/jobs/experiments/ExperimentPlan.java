package dev.eddy.jobs.experiments;

import dev.eddy.events.experiment.Experiment;
import dev.eddy.events.experiment.ExperimentStatus;
import dev.eddy.events.experiment.Metric;
import dev.eddy.events.experiment.MetricType;
import dev.eddy.events.experiment.Segment;
import dev.eddy.events.experiment.Variant;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One experiment of the experiments file as the job measures it: which decisions are exposures, the metrics with
 * their ratio operands resolved, the segments parsed, and when its final read-out is due. Serializable, so that the
 * file read where the job is built reaches every task as it was read.
 */
public final class ExperimentPlan implements Serializable {

    private final String id;
    private final ExperimentStatus status;
    private final long start;
    private final long end;
    private final String control;
    private final List<String> variants;
    private final List<Double> weights;
    private final List<Metric> metrics;
    private final int[] numerators;
    private final int[] denominators;
    private final List<Segment> segments;
    private final List<String> interactionTypes;
    private final long finalAt;

    /**
     * @param attributionWindow how long after its decision an example can still come (the join's window): the final
     *                          read-out waits that long after the end, for the rewards of the last exposures
     */
    public ExperimentPlan(Experiment e, Duration attributionWindow) {
        this.id = e.id();
        this.status = e.status();
        this.start = e.start() == null ? Long.MIN_VALUE : e.start().toEpochMilli();
        this.end = e.end() == null ? Long.MAX_VALUE : e.end().toEpochMilli();
        this.control = e.control();
        this.variants = e.variants().stream().map(Variant::name).toList();
        this.weights = e.variants().stream().map(Variant::weight).toList();
        this.metrics = List.copyOf(e.metrics());
        this.numerators = new int[metrics.size()];
        this.denominators = new int[metrics.size()];
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            numerators[i] = m.type() == MetricType.RATIO ? metricIndex(m.numerator()) : -1;
            denominators[i] = m.type() == MetricType.RATIO ? metricIndex(m.denominator()) : -1;
            if (m.interaction() != null) types.add(m.interaction());
        }
        this.segments = e.segments().stream().map(Segment::parse).toList();
        this.interactionTypes = List.copyOf(types);
        this.finalAt = end == Long.MAX_VALUE ? Long.MAX_VALUE : end + attributionWindow.toMillis();
    }

    private int metricIndex(String name) {
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException("experiment " + id + " has no metric '" + name + "'");
    }

    public String id() {
        return id;
    }

    public ExperimentStatus status() {
        return status;
    }

    /**
     * Whether a decision of this experiment at {@code time} is an exposure. Serving logs the experiment and the
     * default variant also while the experiment is not running or outside [start, end), and the decision does not
     * say which it was; so the job decides by its own copy of the file: running, and {@code start <= time < end}.
     */
    public boolean exposes(long time) {
        return status == ExperimentStatus.RUNNING && time >= start && time < end;
    }

    /** Whether a user's interaction at {@code time} can still count: before the end. */
    public boolean counts(long time) {
        return time < end;
    }

    /** Stopped: nothing more is counted, and the job writes its final read-out at start. */
    public boolean stopped() {
        return status == ExperimentStatus.STOPPED;
    }

    /** Event time of the final read-out: the end plus the attribution window; Long.MAX_VALUE without an end. */
    public long finalAt() {
        return finalAt;
    }

    public String control() {
        return control;
    }

    /** Variant names in file order. */
    public List<String> variants() {
        return variants;
    }

    public boolean hasVariant(String name) {
        return variants.contains(name);
    }

    public double weight(String variant) {
        return weights.get(variants.indexOf(variant));
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** For a ratio metric, the index of its numerator's metric; -1 for the others. */
    public int numerator(int metric) {
        return numerators[metric];
    }

    /** For a ratio metric, the index of its denominator's metric; -1 for the others. */
    public int denominator(int metric) {
        return denominators[metric];
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The interaction types the metrics count or sum, sorted. */
    public List<String> interactionTypes() {
        return interactionTypes;
    }
}
