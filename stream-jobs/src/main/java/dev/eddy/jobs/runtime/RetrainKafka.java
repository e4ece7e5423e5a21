package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.retrain.ControlDeserializer;
import dev.eddy.jobs.retrain.InteractionDeserializer;
import dev.eddy.jobs.retrain.RetrainJob;

import java.util.List;

/**
 * The retrain job's production inputs and outputs: {@code topics.interactions} and {@code topics.control} read in
 * the consumer group {@code kafka.group-id}, exactly-once sinks to {@code topics.models} and
 * {@code topics.dead-letters}, and the versions already committed to {@code topics.models}.
 */
public final class RetrainKafka {
    private RetrainKafka() {}

    public static RetrainJob.Inputs inputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        String group = c.get(KafkaKeys.GROUP_ID);
        return new RetrainJob.Inputs(
                KafkaIO.source(c, List.of(topics.interactions()), group, new InteractionDeserializer()),
                // Same group, its own client ids: the second source's consumers would otherwise have the first's.
                KafkaIO.source(c, List.of(topics.control()), group, group + "-control", new ControlDeserializer()));
    }

    public static RetrainJob.Outputs outputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        // Transactional ids must be unique per job on a Kafka cluster; the consumer group names this job.
        String txPrefix = c.get(KafkaKeys.GROUP_ID);
        return new RetrainJob.Outputs(KafkaIO.exactlyOnceSink(c, topics.models(), txPrefix + "-models"),
                PublishedVersions.of(c), KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"));
    }
}
