package dev.eddy.jobs.learn;

/**
 * A record of {@code eddy.examples} as the learner job's source read it: a validated example with the model it
 * belongs to, or a dead letter. A Flink POJO (public fields, no-arg constructor), so no Kryo. The example travels as
 * its validated JSON bytes rather than as a deep object graph for Flink to serialize: session models parse it again
 * when their session is learned; per-example models use the {@link EncodedRound} beside it ({@link LearnerRecord})
 * and keep the bytes only for dead letters.
 */
public class LearnerInput {
    public boolean dead;
    /** The model the example updates (the decision's variant, else its policy); null for a dead letter. */
    public String model;
    /** Event time of the decision in epoch ms (Long.MIN_VALUE for dead letters, which must not move the watermark). */
    public long eventTime;
    /** The decision's session and step (session models group by them); null when absent. */
    public String sessionId;
    public Integer step;
    /** The example's JSON as received, or the dead letter's JSON. */
    public byte[] payload;
    /** Where the record came from, for dead letters raised by the learner itself. */
    public String topic;
    public int partition;
    public long offset;

    public LearnerInput() {}

    public static LearnerInput example(String model, long eventTime, String sessionId, Integer step, byte[] json,
                                       String topic, int partition, long offset) {
        LearnerInput in = new LearnerInput();
        in.model = model;
        in.eventTime = eventTime;
        in.sessionId = sessionId;
        in.step = step;
        in.payload = json;
        in.topic = topic;
        in.partition = partition;
        in.offset = offset;
        return in;
    }

    public static LearnerInput dead(byte[] deadLetterJson) {
        LearnerInput in = new LearnerInput();
        in.dead = true;
        in.eventTime = Long.MIN_VALUE;
        in.payload = deadLetterJson;
        return in;
    }
}
