package dev.eddy.jobs.experiments;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.ExperimentsKafka;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static dev.eddy.jobs.experiments.ExperimentTraffic.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiments job on the in-process KRaft broker and a Flink MiniCluster with RocksDB state and exactly-once
 * sinks: a run that is cancelled mid-stream and restored from its last retained checkpoint writes the same read-outs
 * (each one, and so the final one) as a run of the same input that was never interrupted.
 */
class ExperimentsJobEmbeddedIT {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String FILE = ExperimentTraffic.SHELF.replace("end: 2026-01-01T01:00:00Z",
            "end: 2026-01-01T00:02:00Z");

    @TempDir
    Path tmp;

    /** The shared input topics; {@code run} names the job's group and its output topics. */
    private EddyConfig config(String run) throws Exception {
        Path file = tmp.resolve("experiments.yaml");
        Files.writeString(file, FILE);
        Map<String, String> v = new HashMap<>();
        v.put("kafka.bootstrap-servers", KAFKA.get().bootstrapServers());
        v.put("kafka.group-id", "experiments-" + run);
        v.put("topics.decisions", "exp-decisions");
        v.put("topics.examples", "exp-examples");
        v.put("topics.interactions", "exp-interactions");
        v.put("topics.experiments", "exp-results-" + run);
        v.put("topics.dead-letters", "exp-dead-" + run);
        v.put("topics.partitions", "2");
        v.put("job.parallelism", "2");
        v.put("checkpoint.dir", tmp.resolve("checkpoints").toUri().toString());
        v.put("checkpoint.interval", "500ms");
        v.put("join.window", WINDOW.toSeconds() + "s");
        v.put("experiments.file", file.toString());
        v.put("experiments.emit-every", "5s");
        // Every partition has data until the sentinels: none is left behind as idle, so no input is ever late.
        v.put("experiments.idleness", "10m");
        EddyConfig c = EddyConfig.of(v, EddyKeys.all());
        ExperimentsJob.ensureTopics(c);
        return c;
    }

    private static JobClient start(EddyConfig c) throws Exception {
        StreamExecutionEnvironment env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
        ExperimentsSettings settings = ExperimentsSettings.from(c);
        ExperimentsJob.build(env, settings, ExperimentsKafka.inputs(c, settings), ExperimentsKafka.outputs(c));
        return env.executeAsync(ExperimentsJob.NAME);
    }

    /** One record of an input topic, with the event time it is ordered by. */
    private record Input(String topic, String key, long time, byte[] value) {}

    /** Users of two variants over 110 s, with rewards, purchases (some before their exposures) and latencies. */
    private static List<Input> traffic(EddyConfig c) {
        String decisions = c.get(KafkaKeys.TOPIC_DECISIONS);
        String examples = c.get(KafkaKeys.TOPIC_EXAMPLES);
        String interactions = c.get(KafkaKeys.TOPIC_INTERACTIONS);
        Random r = new Random(17);
        String[] countries = {"DE", "FR", "US"};
        List<Input> out = new ArrayList<>();
        int id = 0;
        for (int u = 0; u < 200; u++) {
            String user = "u" + u;
            boolean treated = r.nextBoolean();
            String variant = treated ? "treatment" : "control";
            String country = countries[r.nextInt(countries.length)];
            for (int k = 0; k < 1 + r.nextInt(6); k++) {
                Instant t = T0.plusMillis(r.nextInt(110_000));
                // Whole milliseconds and rewards in halves: sums are exact in any order, so two runs compare exactly.
                Decision d = ExperimentTraffic.decision("d" + id++, user, t, "shelf", variant, country,
                        (double) (1 + r.nextInt(10) + (treated ? 2 : 0)));
                out.add(new Input(decisions, d.eventId(), t.toEpochMilli(), EventJson.write(d)));
                double reward = r.nextInt(treated ? 3 : 4) == 0 ? 1 : r.nextBoolean() ? 0.5 : 0;
                JoinedExample e = ExperimentTraffic.example(d, reward, WINDOW);
                out.add(new Input(examples, d.eventId(), e.windowEnd().toEpochMilli(), EventJson.write(e)));
            }
            for (int k = 0; k < r.nextInt(5); k++) {
                Instant t = T0.plusMillis(-30_000 + r.nextInt(150_000));
                Interaction i = ExperimentTraffic.interaction("i" + id++, user, t, r.nextBoolean() ? "purchase" : "view",
                        1 + r.nextInt(50));
                out.add(new Input(interactions, user, t.toEpochMilli(), EventJson.write(i)));
            }
        }
        out.sort(Comparator.comparingLong(Input::time));
        return out;
    }

    /**
     * A record an hour after everything on every partition of the three topics, none of them counted: every split's
     * watermark passes the experiment's end, which writes the final read-out.
     */
    private static List<ProducerRecord<String, byte[]>> sentinels(EddyConfig c) {
        Instant t = T0.plus(Duration.ofHours(1));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (int p = 0; p < c.get(KafkaKeys.TOPIC_PARTITIONS); p++) {
            Decision d = ExperimentTraffic.decision("sentinel-" + p, "sentinel", t, null, null, null, null);
            out.add(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_DECISIONS), p, d.eventId(), EventJson.write(d)));
            out.add(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_EXAMPLES), p, d.eventId(),
                    EventJson.write(ExperimentTraffic.example(d, 0, WINDOW))));
            out.add(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_INTERACTIONS), p, "sentinel",
                    EventJson.write(ExperimentTraffic.interaction("sentinel-" + p, "sentinel", t, "view", 1))));
        }
        return out;
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : records) sends.add(producer.send(r));
        producer.flush();
        TestProducers.awaitAll(sends);
    }

    private static List<ProducerRecord<String, byte[]>> records(List<Input> inputs) {
        return inputs.stream().map(i -> new ProducerRecord<>(i.topic(), i.key(), i.value())).toList();
    }

    /** Committed read-outs of the run's results topic, read until {@code done} holds (or 120 s). */
    private static List<ExperimentResults> readOuts(EddyConfig c, Predicate<List<ExperimentResults>> done)
            throws Exception {
        List<ExperimentResults> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = CommittedReader.fromBeginning(KafkaClientProperties.from(c),
                List.of(c.get(KafkaKeys.TOPIC_EXPERIMENTS)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.key()).isEqualTo("shelf");
                    out.add(EventJson.parseExperimentResults(r.value()));
                }
            }
        }
        return out;
    }

    private static boolean ended(List<ExperimentResults> readOuts) {
        return readOuts.stream().anyMatch(ExperimentResults::ended);
    }

    @Test
    void cancelAndRestoreFromTheLastCheckpointWritesTheReadOutsOfAnUninterruptedRun() throws Exception {
        EddyConfig restored = config("restored");
        List<Input> all = traffic(restored);
        long half = T0.plusSeconds(60).toEpochMilli();
        JobClient first;
        try (var producer = TestProducers.create(KAFKA.get().bootstrapServers())) {
            send(producer, records(all.stream().filter(i -> i.time() < half).toList()));
            first = start(restored);
            List<ExperimentResults> before = readOuts(restored, r -> r.size() >= 3);
            FlinkRuntime.cancelAndWait(first);
            assertThat(before).as("read-outs committed before the cancel").hasSizeGreaterThanOrEqualTo(3);
            assertThat(ended(before)).isFalse();
            send(producer, records(all.stream().filter(i -> i.time() >= half).toList()));
            send(producer, sentinels(restored));
        }
        Path checkpoint = latestCheckpoint(tmp.resolve("checkpoints"), first.getJobID().toHexString());
        EddyConfig fromCheckpoint = EddyConfig.of(Map.of(), EddyKeys.all());
        restored.effective().forEach((k, v) -> {
            if (v != null) fromCheckpoint.set(k, v);
        });
        fromCheckpoint.set("job.restore-from", checkpoint.toUri().toString());
        List<ExperimentResults> interrupted;
        JobClient second = start(fromCheckpoint);
        try {
            interrupted = readOuts(restored, ExperimentsJobEmbeddedIT::ended);
        } finally {
            FlinkRuntime.cancelAndWait(second);
        }

        EddyConfig once = config("uninterrupted");
        List<ExperimentResults> uninterrupted;
        JobClient third = start(once);
        try {
            uninterrupted = readOuts(once, ExperimentsJobEmbeddedIT::ended);
        } finally {
            FlinkRuntime.cancelAndWait(third);
        }

        ExperimentResults last = uninterrupted.get(uninterrupted.size() - 1);
        assertThat(last.ended()).isTrue();
        assertThat(last.dataUntil()).isEqualTo(Instant.parse("2026-01-01T00:02:10Z"));
        assertThat(last.variants()).allSatisfy(v -> assertThat(v.users()).isGreaterThan(80));
        assertThat(last.metrics()).anySatisfy(m -> assertThat(m.alwaysValidPValue()).isNotNull());
        ExperimentResults lastRestored = interrupted.get(interrupted.size() - 1);
        assertThat(lastRestored).as("the final read-out").usingRecursiveComparison().ignoringFields("emittedAt")
                .isEqualTo(last);
        // Every read-out, not only the last: the same steps with the same numbers, none lost or repeated.
        assertThat(interrupted).extracting(ExperimentResults::dataUntil)
                .containsExactlyElementsOf(uninterrupted.stream().map(ExperimentResults::dataUntil).toList());
        assertThat(interrupted).usingRecursiveFieldByFieldElementComparatorIgnoringFields("emittedAt")
                .containsExactlyElementsOf(uninterrupted);
    }

    static Path latestCheckpoint(Path root, String jobId) throws Exception {
        try (Stream<Path> dirs = Files.list(root.resolve(jobId))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + root.resolve(jobId)));
        }
    }
}
