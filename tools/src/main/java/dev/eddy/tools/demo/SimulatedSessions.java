package dev.eddy.tools.demo;

import java.util.Random;

/**
 * The session experiment's world: a visit of one of the {@link SimulatedUsers} (same hidden tastes, same drift) of at
 * most {@link #HORIZON} steps; at each step the user is shown one item of a fresh shelf and clicks it or not as in
 * the single-shelf experiment. A user who did not click leaves with probability {@link #LEAVE_AFTER_MISS}, so a
 * session's reward — its clicks — depends on every step before: an early miss costs the clicks the later steps
 * would have brought. A policy sees the user's segment and the step, never the tastes.
 */
final class SimulatedSessions {
    /** Steps of a session at most (the learner's {@code learner.session-horizon}). */
    static final int HORIZON = 5;
    /** Chance that a user leaves after a step without a click. */
    static final double LEAVE_AFTER_MISS = 0.5;

    private SimulatedSessions() {}

    /** Whether the session goes on after a step: always after a click, otherwise with 1 − {@link #LEAVE_AFTER_MISS}. */
    static boolean continues(int step, boolean clicked, Random r) {
        if (step + 1 >= HORIZON) return false;
        return clicked || r.nextDouble() >= LEAVE_AFTER_MISS;
    }
}
