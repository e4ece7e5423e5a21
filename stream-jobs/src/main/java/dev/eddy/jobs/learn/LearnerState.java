package dev.eddy.jobs.learn;

/**
 * What the keyed state of one model holds (one {@code ValueState} per model name, on RocksDB): the learner's
 * snapshot and everything needed to rebuild and publish it. A Flink POJO, so no Kryo.
 */
public class LearnerState {
    /** Registered learner name and its parameters ({@code k=v,...}), kept so that a model keeps its learner. */
    public String learner;
    public String params;
    /** Actions the learner was built for (per-action learners such as disjoint LinUCB need it). */
    public int actions;
    /** {@link dev.eddy.bandits.core.ContextualBandit#snapshot()} bytes. */
    public byte[] snapshot;
    /** Last published version, 0 before the first. */
    public long version;
    /** Updates applied so far, and how many of them the last published version includes. */
    public long updates;
    public long publishedUpdates;

    public LearnerState() {}
}
