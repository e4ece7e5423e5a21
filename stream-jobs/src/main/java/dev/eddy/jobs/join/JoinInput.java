package dev.eddy.jobs.join;

/**
 * What the join's source emits for each Kafka record: a validated decision or reward, or a dead letter for a
 * record that failed. A Flink POJO (public fields, no-arg constructor) so that Flink serializes it without Kryo.
 */
public class JoinInput {
    public static final byte DECISION = 0;
    public static final byte REWARD = 1;
    public static final byte DEAD = 2;

    public byte kind;
    public String eventId;
    /** Event time in epoch ms (Long.MIN_VALUE for dead letters, which must not move the watermark). */
    public long eventTime;
    /** The decision or reward JSON as received (validated), or the dead letter's JSON. */
    public byte[] payload;
    /** Where the record came from, for dead letters raised later in the join (late rewards). */
    public String topic;
    public int partition;
    public long offset;
    /** Reward only: value and identity for redelivery detection. */
    public double value;
    public String rewardKey;

    public JoinInput() {}

    public static JoinInput decision(String eventId, long time, byte[] json, String topic, int partition, long offset) {
        JoinInput in = new JoinInput();
        in.kind = DECISION;
        in.eventId = eventId;
        in.eventTime = time;
        in.payload = json;
        in.topic = topic;
        in.partition = partition;
        in.offset = offset;
        return in;
    }

    public static JoinInput reward(String eventId, long time, double value, String rewardKey, byte[] json,
                                   String topic, int partition, long offset) {
        JoinInput in = decision(eventId, time, json, topic, partition, offset);
        in.kind = REWARD;
        in.value = value;
        in.rewardKey = rewardKey;
        return in;
    }

    public static JoinInput dead(byte[] deadLetterJson) {
        JoinInput in = new JoinInput();
        in.kind = DEAD;
        in.eventTime = Long.MIN_VALUE;
        in.payload = deadLetterJson;
        return in;
    }
}
