package dev.eddy.events.model;

import dev.eddy.events.event.ModelPart;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.KafkaClientProperties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the committed records of a models topic from its beginning and assembles the complete versions
 * ({@link ModelAssembler}): for serving at start, tools and tests. Records that do not parse are counted and skipped.
 */
public final class ModelTopicReader {

    /** What a read found: complete versions in the order they completed, and what was wrong. */
    public record Result(List<ModelVersion> versions, List<ModelAssembler.Rejected> rejected, int unreadable) {
        /** The newest complete version of each model. */
        public Map<String, ModelVersion> latest() {
            Map<String, ModelVersion> out = new LinkedHashMap<>();
            for (ModelVersion v : versions) out.merge(v.model(), v, (a, b) -> b.version() > a.version() ? b : a);
            return out;
        }
    }

    private ModelTopicReader() {}

    /**
     * Reads until {@code done} holds for the versions so far, or until {@code quiet} passed without a new record,
     * or until {@code timeout}.
     */
    public static Result read(KafkaClientProperties kafka, String topic, Predicate<List<ModelVersion>> done, Duration quiet,
                              Duration timeout) {
        ModelAssembler assembler = new ModelAssembler();
        List<ModelVersion> versions = new ArrayList<>();
        int unreadable = 0;
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(topic))) {
            long start = System.nanoTime();
            long lastNew = start;
            while (!done.test(versions) && System.nanoTime() - lastNew < quiet.toNanos()
                    && System.nanoTime() - start < timeout.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) lastNew = System.nanoTime();
                for (var r : batch) {
                    try {
                        ModelPart part = EventJson.parseModelPart(r.value());
                        assembler.accept(part).ifPresent(versions::add);
                    } catch (InvalidEventException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new Result(versions, assembler.rejected(), unreadable);
    }

    /**
     * Reads everything committed up to the end the topic had when the read began: the versions a reader that
     * starts now (such as serving's model follower) has once it caught up, however busy the writers are meanwhile.
     *
     * @throws IllegalArgumentException if the topic does not exist
     * @throws IllegalStateException    if the end is not reached within {@code timeout}
     */
    public static Result readToEnd(KafkaClientProperties kafka, String topic, Duration timeout) {
        ModelAssembler assembler = new ModelAssembler();
        List<ModelVersion> versions = new ArrayList<>();
        int unreadable = 0;
        try (var consumer = CommittedReader.fromBeginning(kafka, List.of(topic))) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to its end within " + timeout);
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        assembler.accept(EventJson.parseModelPart(r.value())).ifPresent(versions::add);
                    } catch (InvalidEventException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new Result(versions, assembler.rejected(), unreadable);
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    /** Reads everything committed until {@code quiet} passed without a new record. */
    public static Result readAll(KafkaClientProperties kafka, String topic, Duration quiet) {
        return read(kafka, topic, v -> false, quiet, Duration.ofDays(1));
    }
}
