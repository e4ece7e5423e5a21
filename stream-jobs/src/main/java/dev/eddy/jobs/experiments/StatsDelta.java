package dev.eddy.jobs.experiments;

/**
 * One user's change to one cell of an experiment, from the per-user stage to the per-experiment one: the cell
 * (variant, metric, segment) and the sums to add (the new contribution minus the old). A Flink POJO; its record
 * timestamp is the event time of the input that caused it.
 */
public class StatsDelta {
    /** The metric of a variant's own cell: users and exposures, no metric. */
    public static final String VARIANT = "";
    /** The segment of all users. */
    public static final String ALL = "all";

    public String experimentId;
    public String variant;
    /** The metric's name, or {@link #VARIANT}. */
    public String metric;
    /** {@link #ALL}, or {@code feature=value}. */
    public String segment;
    public CellStats stats;

    public StatsDelta() {}

    public StatsDelta(String experimentId, String variant, String metric, String segment, CellStats stats) {
        this.experimentId = experimentId;
        this.variant = variant;
        this.metric = metric;
        this.segment = segment;
        this.stats = stats;
    }

    /** The cell's key within its experiment. */
    public String cell() {
        return cell(variant, metric, segment);
    }

    public static String cell(String variant, String metric, String segment) {
        return variant + '\u0000' + metric + '\u0000' + segment;
    }
}
