package dev.eddy.jobs.retrain;

/**
 * What the retrain job's source emits for each record of {@code eddy.interactions}: a validated interaction, or a
 * dead letter. A Flink POJO (public fields, no-arg constructor), so no Kryo.
 */
public class InteractionInput {
    public boolean dead;
    public String userId;
    public String itemId;
    /** Event time in epoch ms. */
    public long eventTime;
    /** The dead letter's JSON; null for an interaction. */
    public byte[] deadLetter;

    public InteractionInput() {}

    public static InteractionInput of(String userId, String itemId, long eventTime) {
        InteractionInput in = new InteractionInput();
        in.userId = userId;
        in.itemId = itemId;
        in.eventTime = eventTime;
        return in;
    }

    public static InteractionInput dead(byte[] deadLetterJson) {
        InteractionInput in = new InteractionInput();
        in.dead = true;
        in.deadLetter = deadLetterJson;
        return in;
    }
}
