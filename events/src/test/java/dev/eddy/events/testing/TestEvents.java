package dev.eddy.events.testing;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Events that tests in several modules build alike: the join tests' decision, rewards for a decision, joined
 * examples, clicks. Each is a function of its arguments (no randomness), so the same call makes an equal event
 * in every module. Other modules use them through the events test-jar.
 */
public final class TestEvents {
    private TestEvents() {}

    /**
     * A uniform decision among candidates a, b and c that showed b with probability 1/3, by policy "uniform". Its
     * user (one of 8) and its context's segment (one of 4) follow from {@code id}, so that decisions spread over
     * keys and an id always makes the same decision.
     */
    public static Decision decision(String id, Instant t) {
        return Decision.builder().eventId(id).timestamp(t).userId("user-" + (id.hashCode() & 7)).policy("uniform")
                .context(Map.of("user", Map.of("segment=" + (id.hashCode() & 3), 1.0)))
                .candidates(List.of(Candidate.of("a"), Candidate.of("b"), Candidate.of("c")))
                .chosen(List.of(1)).probabilities(List.of(1.0 / 3)).build();
    }

    /** A reward of {@code value} for decision {@code d}, {@code after} its decision time. */
    public static Reward reward(Decision d, Duration after, double value) {
        return Reward.of(d.eventId(), d.timestamp().plus(after), value);
    }

    /**
     * {@code d} joined with one reward of {@code value} that came {@code rewardAfter} the decision, its attribution
     * window closing {@code windowAfter} the decision.
     */
    public static JoinedExample rewarded(Decision d, double value, Duration rewardAfter, Duration windowAfter) {
        return new JoinedExample(d, List.of(reward(d, rewardAfter, value)), value, true, d.timestamp().plus(windowAfter));
    }

    /** {@code d} whose window closed {@code windowAfter} the decision without a reward: it carries the default. */
    public static JoinedExample unrewarded(Decision d, double defaultReward, Duration windowAfter) {
        return new JoinedExample(d, List.of(), defaultReward, false, d.timestamp().plus(windowAfter));
    }

    /** A click of {@code userId} on {@code itemId} at {@code t}, without an event id, as clients send them. */
    public static Interaction click(Instant t, String userId, String itemId) {
        return new Interaction(null, t, userId, itemId, "click", 1.0);
    }
}
