package dev.eddy.jobs.replay;

import dev.eddy.bandits.core.Choice;

import java.util.SplittableRandom;

/**
 * A candidate policy in a replay. It is asked for its distribution over each logged decision's candidates before
 * it may learn from that decision (progressive validation, as VW does), so an estimate never uses a prediction
 * made after seeing the reward it is scored on.
 */
public interface ReplayPolicy {

    /** The name in reports: the spec as given. */
    String name();

    /**
     * True when the policy changes as it replays: it must see the whole log, in event-time order, on one lane.
     * A fixed policy's events can be replayed in parallel shards.
     */
    boolean learns();

    /** The policy's distribution over the event's candidates and the action it draws from it. */
    Choice decide(ReplayEvent event, SplittableRandom rng);

    /** Learns from the logged outcome; fixed policies ignore it. */
    default void learn(ReplayEvent event) {}

    /** The policy's state after the replay, for {@code snapshot:} specs; null when it has none worth keeping. */
    default PolicySnapshot snapshot() {
        return null;
    }
}
