package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.learn.LearnerInputDeserializer;
import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.learn.LearnerSettings;

import java.util.List;

/**
 * The learner's production inputs and outputs: {@code topics.examples} read in the consumer group
 * {@code kafka.group-id}, exactly-once sinks to {@code topics.models} and {@code topics.dead-letters}, and the
 * versions already committed to {@code topics.models}.
 */
public final class LearnerKafka {
    private LearnerKafka() {}

    public static LearnerJob.Inputs inputs(EddyConfig c) {
        return new LearnerJob.Inputs(KafkaIO.source(c, List.of(KafkaKeys.topics(c).examples()), c.get(KafkaKeys.GROUP_ID),
                new LearnerInputDeserializer(LearnerSettings.from(c))));
    }

    public static LearnerJob.Outputs outputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        // Transactional ids must be unique per job on a Kafka cluster; the consumer group names this job.
        String txPrefix = c.get(KafkaKeys.GROUP_ID);
        return new LearnerJob.Outputs(KafkaIO.exactlyOnceSink(c, topics.models(), txPrefix + "-models"),
                PublishedVersions.of(c), KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"));
    }
}
