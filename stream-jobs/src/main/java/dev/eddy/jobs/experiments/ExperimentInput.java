package dev.eddy.jobs.experiments;

/**
 * What the experiments job's source emits for each Kafka record, already reduced to what the job counts: an exposure
 * (a decision of a measured experiment), an outcome (an example of such a decision), a user's interaction, a dead
 * letter, or nothing to count. A Flink POJO (public fields, no-arg constructor), so that Flink serializes it without
 * Kryo; it is also what the per-user stage buffers until the watermark passes it.
 */
public class ExperimentInput {
    public static final byte DECISION = 0;
    public static final byte EXAMPLE = 1;
    public static final byte INTERACTION = 2;
    public static final byte DEAD = 3;
    /** A record the job does not count (a decision outside the measured experiments, or not an exposure). */
    public static final byte IGNORED = 4;

    public byte kind;
    public String userId;
    /**
     * Event time in epoch ms: the decision's, the example's window end (when its reward was known), the
     * interaction's. A record that is not counted keeps its event time (traffic outside experiments moves the
     * watermark as any other); a dead letter has Long.MIN_VALUE, which does not move it.
     */
    public long eventTime;
    /** Decision and example: the decision's experiment, variant and time (the exposure). */
    public String experimentId;
    public String variant;
    public long decisionTime;
    /** Decision and example: the experiment's segment specs ({@code user:country}) and this decision's values. */
    public String[] segmentSpecs;
    /** {@code country=DE}, or null where the decision's context lacks the feature. */
    public String[] segmentValues;
    /** Decision: serving's latency in ms; NaN when the decision has none. */
    public double latencyMs = Double.NaN;
    /** Example: its reward. */
    public double reward;
    /** Interaction: type and value. */
    public String interactionType;
    public double interactionValue;
    /** Dead letter: its JSON. */
    public byte[] payload;

    public ExperimentInput() {}

    public static ExperimentInput decision(String userId, long time, String experimentId, String variant,
                                           String[] segmentSpecs, String[] segmentValues, double latencyMs) {
        ExperimentInput in = exposure(DECISION, userId, time, experimentId, variant, time, segmentSpecs, segmentValues);
        in.latencyMs = latencyMs;
        return in;
    }

    public static ExperimentInput example(String userId, long windowEnd, String experimentId, String variant,
                                          long decisionTime, String[] segmentSpecs, String[] segmentValues,
                                          double reward) {
        ExperimentInput in = exposure(EXAMPLE, userId, windowEnd, experimentId, variant, decisionTime, segmentSpecs,
                segmentValues);
        in.reward = reward;
        return in;
    }

    public static ExperimentInput interaction(String userId, long time, String type, double value) {
        ExperimentInput in = new ExperimentInput();
        in.kind = INTERACTION;
        in.userId = userId;
        in.eventTime = time;
        in.interactionType = type;
        in.interactionValue = value;
        return in;
    }

    public static ExperimentInput dead(byte[] deadLetterJson) {
        ExperimentInput in = new ExperimentInput();
        in.kind = DEAD;
        in.eventTime = Long.MIN_VALUE;
        in.payload = deadLetterJson;
        return in;
    }

    public static ExperimentInput ignored(long eventTime) {
        ExperimentInput in = new ExperimentInput();
        in.kind = IGNORED;
        in.eventTime = eventTime;
        return in;
    }

    private static ExperimentInput exposure(byte kind, String userId, long time, String experimentId, String variant,
                                            long decisionTime, String[] segmentSpecs, String[] segmentValues) {
        ExperimentInput in = new ExperimentInput();
        in.kind = kind;
        in.userId = userId;
        in.eventTime = time;
        in.experimentId = experimentId;
        in.variant = variant;
        in.decisionTime = decisionTime;
        in.segmentSpecs = segmentSpecs;
        in.segmentValues = segmentValues;
        return in;
    }
}
