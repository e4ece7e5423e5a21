package dev.eddy.events.config;

import dev.eddy.events.kafka.EddyTopics;

import java.time.Duration;
import java.util.List;

import static dev.eddy.events.config.ConfigKey.duration;
import static dev.eddy.events.config.ConfigKey.integer;
import static dev.eddy.events.config.ConfigKey.string;

/** The keys every Eddy process shares: where Kafka is and what the topics are called. */
public final class KafkaKeys {
    private KafkaKeys() {}

    public static final ConfigKey<String> BOOTSTRAP = string("kafka.bootstrap-servers", null,
            "Kafka bootstrap servers, e.g. broker-1:9092,broker-2:9092");
    public static final ConfigKey<String> GROUP_ID = string("kafka.group-id", "eddy-join",
            "consumer group of the job, also the prefix of its sinks' transactional ids: give every job on a Kafka cluster its own (offsets are also kept in Flink checkpoints)");
    public static final ConfigKey<Duration> TRANSACTION_TIMEOUT = duration("kafka.transaction-timeout", "10m",
            "producer transaction timeout of exactly-once sinks: must cover a checkpoint, a restart and any stall between a write and its commit (a transaction the broker aborted first is lost), and stay below the broker's transaction.max.timeout.ms (15m by default)");
    public static final ConfigKey<String> CLIENT = ConfigKey.family("kafka.client.",
            "any Kafka client property, given to every Kafka client Eddy creates (jobs' sources and sinks, admin, "
                    + "serving's producer and followers, the commands, replay), e.g. kafka.client.security.protocol="
                    + "SASL_SSL; a value may take secrets from ${file:PATH} or ${env:NAME}; what a client sets itself "
                    + "for its guarantees (e.g. isolation.level) stays Eddy's");
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = integer("topics.partitions", 2, 1, 10_000,
            "partitions of event topics when Eddy creates them");
    public static final ConfigKey<Integer> TOPIC_REPLICATION = integer("topics.replication", 1, 1, 32,
            "replication factor of topics when Eddy creates them");
    public static final ConfigKey<String> TOPIC_INTERACTIONS = string("topics.interactions", EddyTopics.DEFAULT.interactions(), "interactions topic");
    public static final ConfigKey<String> TOPIC_DECISIONS = string("topics.decisions", EddyTopics.DEFAULT.decisions(), "decisions topic");
    public static final ConfigKey<String> TOPIC_REWARDS = string("topics.rewards", EddyTopics.DEFAULT.rewards(), "rewards topic");
    public static final ConfigKey<String> TOPIC_EXAMPLES = string("topics.examples", EddyTopics.DEFAULT.examples(), "joined examples topic");
    public static final ConfigKey<String> TOPIC_MODELS = string("topics.models", EddyTopics.DEFAULT.models(), "model snapshots topic");
    public static final ConfigKey<String> TOPIC_EXPERIMENTS = string("topics.experiments", EddyTopics.DEFAULT.experiments(), "experiment results topic");
    public static final ConfigKey<String> TOPIC_DEAD_LETTERS = string("topics.dead-letters", EddyTopics.DEFAULT.deadLetters(), "dead-letter topic");
    public static final ConfigKey<String> TOPIC_CONTROL = string("topics.control", EddyTopics.DEFAULT.control(),
            "control topic (1 partition, key = model name): commands to running jobs, e.g. `eddy rollback` to the retrain job");

    public static final List<ConfigKey<?>> ALL = List.of(BOOTSTRAP, CLIENT, GROUP_ID, TRANSACTION_TIMEOUT, TOPIC_PARTITIONS,
            TOPIC_REPLICATION, TOPIC_INTERACTIONS, TOPIC_DECISIONS, TOPIC_REWARDS, TOPIC_EXAMPLES, TOPIC_MODELS,
            TOPIC_EXPERIMENTS, TOPIC_DEAD_LETTERS, TOPIC_CONTROL);

    public static EddyTopics topics(EddyConfig c) {
        return new EddyTopics(c.get(TOPIC_INTERACTIONS), c.get(TOPIC_DECISIONS), c.get(TOPIC_REWARDS),
                c.get(TOPIC_EXAMPLES), c.get(TOPIC_MODELS), c.get(TOPIC_EXPERIMENTS), c.get(TOPIC_DEAD_LETTERS),
                c.get(TOPIC_CONTROL));
    }
}
