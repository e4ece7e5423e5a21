package dev.eddy.events.event;

import java.time.Instant;

/**
 * An outcome observed for a decision.
 *
 * @param eventId   the decision it belongs to
 * @param timestamp event time of the outcome
 * @param value     reward value (higher is better); must be finite
 * @param slot      optional slate position the reward is for (0-based)
 * @param type      optional kind of outcome (click, purchase, dwell...)
 * @param rewardId  optional unique id of this reward; redeliveries with the same id count once. Without it,
 *                  two rewards with the same eventId, time, slot, type and value are taken to be the same one.
 */
public record Reward(String eventId, Instant timestamp, Double value, Integer slot, String type, String rewardId) {

    public static Reward of(String eventId, Instant timestamp, double value) {
        return new Reward(eventId, timestamp, value, null, null, null);
    }

    /** The identity used to drop redelivered copies of this reward. */
    public String dedupKey() {
        if (rewardId != null) return rewardId;
        return timestamp.toEpochMilli() + "|" + (slot == null ? "" : slot) + "|" + (type == null ? "" : type) + "|"
                + Double.doubleToLongBits(value);
    }
}
