package dev.eddy.jobs.replay;

import dev.eddy.bandits.slate.Slate;

import java.util.SplittableRandom;

/**
 * A candidate policy in a replay, as one lane runs it. It is asked for its slate on each logged decision's
 * candidates before it may learn from that decision (progressive validation, as VW does), so an estimate never uses
 * a prediction made after seeing the reward it is scored on. Policies over requests (uniform, learners, serving's
 * policies) are bandits' {@code SlatePolicy}s behind one adapter, {@link SlateReplayPolicy}; the rest are estimates
 * of the logging policy made from the log itself ({@code logging}, {@code logged:}, {@code popular}).
 */
public interface ReplayPolicy {

    /** The name in reports: the spec as given. */
    String name();

    /**
     * True when the policy changes as it replays: it must see the whole log, in event-time order, on one lane.
     * A fixed policy's events can be replayed in parallel shards.
     */
    boolean learns();

    /**
     * The slate the policy shows for the event's decision, drawn with {@code rng}; its first slot's distribution over
     * the decision's candidates ({@link Slate#firstSlotDistribution}) is what the estimators weigh.
     */
    Slate decide(ReplayEvent event, SplittableRandom rng);

    /** Learns from the logged outcome; fixed policies ignore it. */
    default void learn(ReplayEvent event) {}

    /** The policy's state after the replay, for {@code snapshot:} specs; null when it has none worth keeping. */
    default PolicySnapshot snapshot() {
        return null;
    }
}
