package dev.eddy.jobs.learn;

/**
 * What the learner job's source emits for each record of {@code eddy.examples}: the {@link LearnerInput} (an example
 * named by its model, or a dead letter) and, for an example of a per-example model, its {@link EncodedRound}. Session
 * models go on with the input alone; it is what their windows keep, so their state is as before. A Flink POJO.
 */
public class LearnerRecord {
    public LearnerInput input;
    /** Null for dead letters and for examples of session models. */
    public EncodedRound round;

    public LearnerRecord() {}

    static LearnerRecord of(LearnerInput input, EncodedRound round) {
        LearnerRecord r = new LearnerRecord();
        r.input = input;
        r.round = round;
        return r;
    }
}
