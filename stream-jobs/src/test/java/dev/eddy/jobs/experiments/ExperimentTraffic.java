package dev.eddy.jobs.experiments;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records of the experiments job's three input topics, for its tests. */
final class ExperimentTraffic {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One experiment, [T0, T0 + 1 h), three metrics (one a latency guardrail), segmented by country. */
    static final String SHELF = """
            experiments:
              - id: shelf
                status: running
                start: 2026-01-01T00:00:00Z
                end: 2026-01-01T01:00:00Z
                default: control
                variants:
                  - {name: control, weight: 1, policy: uniform}
                  - {name: treatment, weight: 1, policy: neucb}
                metrics:
                  - {name: reward-rate, type: reward-rate}
                  - {name: purchases, type: interaction-count, interaction: purchase}
                  - {name: latency-ms, type: latency, guardrail: 0.5}
                segments: [user:country]
            """;

    private ExperimentTraffic() {}

    static Decision decision(String id, String user, Instant t, String experiment, String variant, String country,
                             Double latencyMs) {
        Map<String, Map<String, Double>> context = new HashMap<>();
        if (country != null) context.put("user", Map.of("country=" + country, 1.0));
        return Decision.builder().eventId(id).timestamp(t).userId(user).experimentId(experiment).variant(variant)
                .policy(variant).context(context).candidates(List.of(Candidate.of("a"), Candidate.of("b")))
                .chosen(List.of(0)).probabilities(List.of(0.5)).latencyMs(latencyMs).build();
    }

    /** The join's example of a decision: the reward observed when non-zero, the window closing {@code window} later. */
    static JoinedExample example(Decision d, double reward, Duration window) {
        List<Reward> rewards = reward == 0 ? List.of() : List.of(Reward.of(d.eventId(), d.timestamp().plusMillis(100), reward));
        return new JoinedExample(d, rewards, reward, reward != 0, d.timestamp().plus(window));
    }

    static Interaction interaction(String id, String user, Instant t, String type, double value) {
        return new Interaction(id, t, user, "item-" + id, type, value);
    }
}
