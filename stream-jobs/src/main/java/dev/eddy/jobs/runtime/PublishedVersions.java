package dev.eddy.jobs.runtime;

import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.kafka.KafkaClientProperties;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * Where the version numbers of a model without state continue: the highest version of each model already committed
 * to the models topic. A job that starts without a checkpoint has no version counter in state; starting again at 1
 * would put versions below the ones serving already has, and their compaction keys ({@code model/version/...})
 * would overwrite the old parts. Serializable: operators carry it to the task managers and ask it there.
 */
@FunctionalInterface
public interface PublishedVersions extends Serializable {

    /** How long a job's operator may take to read the models topic at start before it fails (and is restarted). */
    Duration READ_TIMEOUT = Duration.ofMinutes(1);

    /** The highest committed version of each model on the topic; a model that is absent has none. */
    Map<String, Long> highest();

    /** Reads {@code topic} once to its end (committed records only), failing after {@code timeout}. */
    static PublishedVersions onTopic(KafkaClientProperties kafka, String topic, Duration timeout) {
        return new ModelsTopicVersions(kafka, topic, timeout);
    }

    /** The models topic of a job's configuration, read within {@link #READ_TIMEOUT}. */
    static PublishedVersions of(dev.eddy.events.config.EddyConfig c) {
        return onTopic(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                READ_TIMEOUT);
    }

    /** No model has a version yet: for a topic the caller knows to be empty (operator tests without a broker). */
    static PublishedVersions none() {
        return Map::of;
    }
}
