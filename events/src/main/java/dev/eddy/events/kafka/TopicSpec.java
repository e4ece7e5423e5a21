package dev.eddy.events.kafka;

import java.util.Map;

/** How one topic is created: name, partitions, replication and topic-level configs. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("topic name must not be blank");
        if (partitions < 1) throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
        if (replicationFactor < 1) throw new IllegalArgumentException("topic " + name + ": replication must be >= 1");
        configs = configs == null ? Map.of() : Map.copyOf(configs);
    }
}
