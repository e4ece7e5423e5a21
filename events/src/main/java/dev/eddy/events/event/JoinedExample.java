package dev.eddy.events.event;

import java.time.Instant;
import java.util.List;

/**
 * A decision joined with the rewards that arrived within its attribution window: the learners' input.
 *
 * @param decision       the decision as logged
 * @param rewards        the distinct rewards attributed to it, in arrival order
 * @param reward         the aggregated reward (sum, first or max of {@code rewards}), or the configured default
 * @param rewardObserved false when the window closed without any reward and {@code reward} is the default
 * @param windowEnd      event time at which the attribution window closed
 */
public record JoinedExample(Decision decision, List<Reward> rewards, double reward, boolean rewardObserved,
                            Instant windowEnd) {
    public JoinedExample {
        rewards = rewards == null ? List.of() : rewards;
    }
}
