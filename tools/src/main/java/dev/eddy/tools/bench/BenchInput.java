package dev.eddy.tools.bench;

import java.util.Map;
import java.util.HashMap;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.tools.bench.JoinBenchmark.Options;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;

import static dev.eddy.tools.bench.JoinBenchmark.DECISION_SPACING_MS;
import static dev.eddy.tools.bench.JoinBenchmark.PROGRESS_EVERY_NANOS;
import static dev.eddy.tools.bench.JoinBenchmark.seconds;

/** Writes the benchmark's input (decisions, rewards, sentinels) to the input topics. */
final class BenchInput {

    private BenchInput() {}

    /** What was written; {@code waiting} decisions are not among {@code decisions} (they are never joined). */
    record Produced(long decisions, long rewards, long sentinels, long bytes, double seconds, long waiting) {}

    /**
     * Event time of the first decision: so far back that the last decision is a minute before the run starts, like
     * live traffic that the join keeps up with (the input records' Kafka timestamps are their write times).
     */
    static Instant firstEventTime(int decisions) {
        return Instant.ofEpochMilli(System.currentTimeMillis() - decisions * DECISION_SPACING_MS - 60_000)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** A reward waiting for the decisions' event time to reach it, so that the rewards topic is in event-time order. */
    private record PendingReward(long time, String eventId, byte[] json) {}

    /**
     * Generates and writes the input with one producer. Settings: acks=1 (a single local broker; waiting for more
     * would measure nothing), linger 20 ms and 256 KiB batches (large batches, few requests), lz4 compression: it
     * is what a production serving fleet would use for JSON of this kind (cheap to compress, 3–5× smaller), and the
     * plain consumer and the job both pay the same decompression, so the comparison stays fair; the join's own
     * sinks use lz4 as well.
     */
    static Produced produce(KafkaClientProperties kafka, String decisionsTopic, String rewardsTopic, Options options,
                            PrintStream progress) {
        Map<String, Object> p = producerSettings();
        AtomicReference<Exception> failure = new AtomicReference<>();
        InputGenerator gen = new InputGenerator(options, firstEventTime(options.decisions()));
        PriorityQueue<PendingReward> pending = new PriorityQueue<>(Comparator.comparingLong(PendingReward::time));
        long decisions = 0, rewards = 0, bytes = 0;
        long start = System.nanoTime();
        long nextReport = start + PROGRESS_EVERY_NANOS;
        try (KafkaProducer<byte[], byte[]> producer =
                     kafka.producer(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            org.apache.kafka.clients.producer.Callback onError = (md, e) -> {
                if (e != null) failure.compareAndSet(null, e);
            };
            for (int i = 0; i < options.decisions(); i++) {
                long t = gen.time(i);
                while (!pending.isEmpty() && pending.peek().time() <= t) {
                    PendingReward r = pending.poll();
                    byte[] key = r.eventId().getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(rewardsTopic, key, r.json()), onError);
                    bytes += key.length + r.json().length;
                    rewards++;
                }
                Decision d = gen.decision(i);
                byte[] key = d.eventId().getBytes(StandardCharsets.UTF_8);
                byte[] json = EventJson.write(d);
                // The producer's own choice for a keyed record, over the benchmark's partitions only: none may land
                // behind the waiting decisions, where it would be read after the last watermark and never fire.
                int partition = Utils.toPositive(Utils.murmur2(key)) % options.partitions();
                producer.send(new ProducerRecord<>(decisionsTopic, partition, key, json), onError);
                bytes += key.length + json.length;
                decisions++;
                Reward r = gen.reward(d);
                if (r != null) pending.add(new PendingReward(r.timestamp().toEpochMilli(), r.eventId(), EventJson.write(r)));
                if ((i & 1023) == 0) {
                    if (failure.get() != null) throw new IllegalStateException("producing the input failed", failure.get());
                    long now = System.nanoTime();
                    if (now >= nextReport) {
                        progress.printf(Locale.ROOT, "produce: %,d decisions, %,d rewards, %,.0f records/s%n",
                                decisions, rewards, (decisions + rewards) / seconds(now - start));
                        nextReport = now + PROGRESS_EVERY_NANOS;
                    }
                }
            }
            while (!pending.isEmpty()) {
                PendingReward r = pending.poll();
                byte[] key = r.eventId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(rewardsTopic, key, r.json()), onError);
                bytes += key.length + r.json().length;
                rewards++;
            }
            // Sentinels an hour past the end on every partition of both topics: every split's watermark then passes
            // the last attribution window. They are never joined (their own window never closes).
            long sentinels = 0;
            Instant far = Instant.ofEpochMilli(gen.time(options.decisions())).plus(Duration.ofHours(1));
            int partitions = options.partitions();
            for (int part = 0; part < partitions; part++) {
                String id = "sentinel-" + part;
                Decision s = gen.sentinel(id, far);
                producer.send(new ProducerRecord<>(decisionsTopic, part, id.getBytes(StandardCharsets.UTF_8),
                        EventJson.write(s)), onError);
                producer.send(new ProducerRecord<>(rewardsTopic, part, id.getBytes(StandardCharsets.UTF_8),
                        EventJson.write(Reward.of(id, far, 0.0))), onError);
                sentinels += 2;
            }
            producer.flush();
            if (failure.get() != null) throw new IllegalStateException("producing the input failed", failure.get());
            double secs = seconds(System.nanoTime() - start);
            progress.printf(Locale.ROOT, "produce: done, %,d decisions + %,d rewards (+ %d sentinels) in "
                    + "%.2f s, %,.0f records/s, %.1f MiB%n", decisions, rewards, sentinels, secs,
                    (decisions + rewards + sentinels) / secs, bytes / (1024.0 * 1024.0));
            return new Produced(decisions, rewards, sentinels, bytes, secs, options.waiting());
        }
    }

    /**
     * Writes the decisions that wait (see {@link JoinBenchmark}): in their own partition, the decisions topic's last,
     * a day past the rest's event times.
     */
    static void produceWaiting(KafkaClientProperties kafka, String decisionsTopic, Options options, PrintStream progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        InputGenerator gen = new InputGenerator(options, firstEventTime(options.decisions()));
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                     kafka.producer(producerSettings(), new ByteArraySerializer(), new ByteArraySerializer())) {
            Instant waitingAt = Instant.ofEpochMilli(gen.time(options.decisions())).plus(Duration.ofDays(1));
            for (int w = 0; w < options.waiting(); w++) {
                Decision d = gen.waiting(w, waitingAt.plusMillis(w * DECISION_SPACING_MS));
                byte[] key = d.eventId().getBytes(StandardCharsets.UTF_8);
                byte[] json = EventJson.write(d);
                producer.send(new ProducerRecord<>(decisionsTopic, options.partitions(), key, json), (md, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
                bytes += key.length + json.length;
                if ((w & 1023) == 0 && failure.get() != null) {
                    throw new IllegalStateException("producing the waiting decisions failed", failure.get());
                }
            }
            producer.flush();
        }
        if (failure.get() != null) throw new IllegalStateException("producing the waiting decisions failed", failure.get());
        progress.printf(Locale.ROOT, "produce: %,d waiting decisions in %.2f s, %.1f MiB%n", options.waiting(),
                seconds(System.nanoTime() - start), bytes / (1024.0 * 1024.0));
    }

    private static Map<String, Object> producerSettings() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        return p;
    }
}
