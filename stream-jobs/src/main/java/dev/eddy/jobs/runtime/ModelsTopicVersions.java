package dev.eddy.jobs.runtime;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest committed version per model on a models topic, read once from the beginning to the end offsets the
 * broker reports for a read_committed reader (the last stable offset, so an open transaction, e.g. this job's own
 * sink, ends the read instead of stalling it). Only manifests are parsed: a version is committed with all its parts
 * in one transaction, and blocks (embedding tables) are by far the larger part of the topic. Bounded in time: a
 * topic that cannot be read to its end within the timeout fails the operator (Flink restarts it) rather than let it
 * guess a version that may collide.
 */
record ModelsTopicVersions(KafkaClientProperties kafka, String topic, Duration timeout) implements PublishedVersions {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsTopicVersions.class);
    private static final String MANIFEST_SUFFIX = "/manifest";

    @Override
    public Map<String, Long> highest() {
        long start = System.nanoTime();
        Map<String, Long> highest = new HashMap<>();
        int unreadable = 0;
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(topic))) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new IllegalStateException("could not read " + topic + " at " + kafka.bootstrapServers() + " to its end within "
                            + timeout + " to find the models' last versions");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || !r.key().endsWith(MANIFEST_SUFFIX)) continue;
                    try {
                        if (EventJson.parseModelPart(r.value()) instanceof ModelManifest m) {
                            highest.merge(m.model(), m.version(), Math::max);
                        }
                    } catch (InvalidEventException e) {
                        unreadable++;
                    }
                }
            }
        }
        LOG.info("last committed versions on {}: {} ({} unreadable manifests skipped, {} ms)", topic, highest, unreadable,
                (System.nanoTime() - start) / 1_000_000);
        return highest;
    }

    private static boolean reachedEnd(org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer,
                                      Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) if (consumer.position(e.getKey()) < e.getValue()) return false;
        return true;
    }
}
