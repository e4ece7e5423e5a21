package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.join.JoinInputDeserializer;
import dev.eddy.jobs.join.JoinJob;

import java.util.List;

/**
 * The join's production inputs and outputs: {@code topics.decisions} + {@code topics.rewards} read in the consumer
 * group {@code kafka.group-id}, exactly-once sinks to {@code topics.examples} and {@code topics.dead-letters}.
 */
public final class JoinKafka {
    private JoinKafka() {}

    public static JoinJob.Inputs inputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        return new JoinJob.Inputs(KafkaIO.source(c, List.of(topics.decisions(), topics.rewards()),
                c.get(KafkaKeys.GROUP_ID), new JoinInputDeserializer(topics.decisions())));
    }

    public static JoinJob.Outputs outputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        // Transactional ids must not be shared by two jobs on one Kafka cluster, or each fences the other's
        // transactions; the consumer group already names this job instance.
        String txPrefix = c.get(KafkaKeys.GROUP_ID);
        return new JoinJob.Outputs(KafkaIO.exactlyOnceSink(c, topics.examples(), txPrefix + "-examples"),
                KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"));
    }
}
