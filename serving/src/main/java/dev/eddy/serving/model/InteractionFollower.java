package dev.eddy.serving.model;

import dev.eddy.events.kafka.KafkaAccessErrors;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.serving.log.TopicFollowerThread;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds {@link SeenItems} from the interactions topic on a background thread: from the end (only what happens
 * from now on), or from a lookback (the first record at or after now − lookback, by record timestamp, so that a
 * restarted replica knows what its users saw lately). No consumer group: every replica reads everything. What each
 * record does is {@link InteractionIntake}'s: one that is not an interaction is counted and logged, one line each.
 */
public final class InteractionFollower implements AutoCloseable {
    private final InteractionIntake intake;
    private TopicFollowerThread thread;

    private InteractionFollower(SeenItems seen) {
        this.intake = new InteractionIntake(seen);
    }

    /**
     * Starts following {@code topic}; {@code lookback} zero starts at the end.
     *
     * @throws IllegalArgumentException if the topic does not exist or the lookback is negative
     */
    public static InteractionFollower start(KafkaClientProperties kafka, String topic, Duration lookback, SeenItems seen,
                                            Clock clock) {
        if (lookback.isNegative()) throw new IllegalArgumentException("lookback must be >= 0, was " + lookback);
        KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
        try {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) throw new IllegalArgumentException("topic " + topic + " does not exist");
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            positionAt(consumer, parts, lookback, clock);
            // seekToEnd is lazy: the end would be looked up at the follower thread's first poll, and interactions
            // logged between start and then were skipped (FollowersUnderHostileRecordsIT lost 14 of 51 once).
            // Resolving the positions here makes "from now on" mean from start.
            parts.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            consumer.close();
            throw KafkaAccessErrors.rethrowable(e, kafka.bootstrapServers());
        }
        InteractionFollower f = new InteractionFollower(seen);
        f.thread = TopicFollowerThread.start(consumer,
                r -> f.intake.accept(r.value(), r.topic() + "-" + r.partition() + "/" + r.offset()), "interactions follower",
                "eddy-interactions-follower-" + topic);
        return f;
    }

    private static void positionAt(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts, Duration lookback,
                                   Clock clock) {
        if (lookback.isZero()) {
            consumer.seekToEnd(parts);
            return;
        }
        long since = clock.millis() - lookback.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        List<TopicPartition> noneSince = new ArrayList<>();
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp o = found.get(tp);
            if (o == null) noneSince.add(tp);
            else consumer.seek(tp, o.offset());
        }
        // No record at or after the lookback: nothing to read there but what comes next. (An empty list would
        // mean every partition to seekToEnd.)
        if (!noneSince.isEmpty()) consumer.seekToEnd(noneSince);
    }

    /** Interactions recorded into {@link SeenItems} so far. */
    public long recorded() {
        return intake.recorded();
    }

    /** Records that were not valid interactions. */
    public long unreadable() {
        return intake.unreadable();
    }

    @Override
    public void close() throws InterruptedException {
        thread.close();
    }
}
