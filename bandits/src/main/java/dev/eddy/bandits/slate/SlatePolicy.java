package dev.eddy.bandits.slate;

import java.util.SplittableRandom;

/**
 * Ranks a request's candidates into k slots, saying per slot with which probability it drew that slot's candidate
 * given the slots above: what serving runs per request and what a replay evaluates. Learners are not slate policies;
 * adapters ({@link BanditSlates}, {@link SessionSlates}) rank with them. Policies that do not learn are thread-safe;
 * one that {@link #learns()} is used by one thread.
 */
public interface SlatePolicy {

    /** The name logged with every decision: the policy's own ({@code mf-topk}, ...) or that of the model it ranks with. */
    String name();

    /** The version of the learned model it ranks with; null for a policy without one. */
    default Long modelVersion() {
        return null;
    }

    /**
     * Ranks {@code k} of the request's candidates, drawing with {@code rng}.
     *
     * @throws IllegalArgumentException if k is not in 1..candidates
     */
    Slate rank(SlateRequest request, int k, SplittableRandom rng);

    /** Whether {@link #learn} changes the policy; fixed policies ignore outcomes. */
    default boolean learns() {
        return false;
    }

    /**
     * Learns from one outcome: for {@code request}, candidate {@code action} was shown (by this policy or a logging
     * policy) with probability {@code propensity} and got {@code reward} in [0, 1]. Only called when {@link #learns()}.
     */
    default void learn(SlateRequest request, int action, double propensity, double reward) {
        throw new UnsupportedOperationException(name() + " does not learn");
    }

    /** Refuses a k outside 1..candidates with the message serving's clients see. */
    static void checkK(int k, int candidates) {
        if (k < 1 || k > candidates) throw new IllegalArgumentException("k must be in 1.." + candidates + ", was " + k);
    }
}
