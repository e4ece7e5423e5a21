package dev.eddy.jobs.runtime;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.jobs.experiments.ExperimentInputDeserializer;
import dev.eddy.jobs.experiments.ExperimentsJob;
import dev.eddy.jobs.experiments.ExperimentsSettings;

import java.util.List;

/**
 * The experiments job's production inputs and outputs: {@code topics.decisions}, {@code topics.examples} and
 * {@code topics.interactions} read in the consumer group {@code kafka.group-id} ({@code eddy experiments} defaults it
 * to {@value ExperimentsJob#DEFAULT_GROUP}), exactly-once sinks to {@code topics.experiments} and
 * {@code topics.dead-letters}.
 */
public final class ExperimentsKafka {
    private ExperimentsKafka() {}

    public static ExperimentsJob.Inputs inputs(EddyConfig c) {
        return inputs(c, ExperimentsSettings.from(c));
    }

    public static ExperimentsJob.Inputs inputs(EddyConfig c, ExperimentsSettings settings) {
        EddyTopics topics = KafkaKeys.topics(c);
        return new ExperimentsJob.Inputs(KafkaIO.source(c,
                List.of(topics.decisions(), topics.examples(), topics.interactions()), c.get(KafkaKeys.GROUP_ID),
                new ExperimentInputDeserializer(topics.decisions(), topics.examples(), settings)));
    }

    public static ExperimentsJob.Outputs outputs(EddyConfig c) {
        EddyTopics topics = KafkaKeys.topics(c);
        // Transactional ids must be unique per job on a Kafka cluster; the consumer group names this job.
        String txPrefix = c.get(KafkaKeys.GROUP_ID);
        return new ExperimentsJob.Outputs(KafkaIO.exactlyOnceSink(c, topics.experiments(), txPrefix + "-experiments"),
                KafkaIO.exactlyOnceSink(c, topics.deadLetters(), txPrefix + "-dead-letters"));
    }
}
