package dev.eddy.events.kafka;

import java.util.List;
import java.util.Map;

/**
 * The names of Eddy's standard topics (see docs/events.md). Defaults are the house plan's names; every
 * deployment may rename them through configuration.
 */
public record EddyTopics(String interactions, String decisions, String rewards, String examples, String models,
                         String experiments, String deadLetters, String control) {

    public static final EddyTopics DEFAULT = new EddyTopics("eddy.interactions", "eddy.decisions", "eddy.rewards",
            "eddy.examples", "eddy.models", "eddy.experiments", "eddy.dead-letters", "eddy.control");

    /** All topic names, in the house plan's order, then the control topic. */
    public List<String> all() {
        return List.of(interactions, decisions, rewards, examples, models, experiments, deadLetters, control);
    }

    /**
     * Creation specs: event topics get {@code partitions} partitions; the models and experiments topics are
     * compacted (latest value per key is what matters) and allow large records for model blocks. The control topic
     * has one partition, so that commands are applied in the order they were sent.
     */
    public List<TopicSpec> specs(int partitions, short replication) {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "max.message.bytes", "8388608");
        return List.of(
                new TopicSpec(interactions, partitions, replication, Map.of()),
                new TopicSpec(decisions, partitions, replication, Map.of()),
                new TopicSpec(rewards, partitions, replication, Map.of()),
                new TopicSpec(examples, partitions, replication, Map.of()),
                new TopicSpec(models, 1, replication, compacted),
                new TopicSpec(experiments, 1, replication, compacted),
                new TopicSpec(deadLetters, 1, replication, Map.of()),
                new TopicSpec(control, 1, replication, Map.of()));
    }
}
