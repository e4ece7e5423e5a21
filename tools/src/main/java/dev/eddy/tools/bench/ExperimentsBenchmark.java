package dev.eddy.tools.bench;

import java.util.HashMap;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Throughput of the experiments job next to the join's, in one run ({@code eddy bench experiments}): N decisions
 * (one experiment, variants A and B, 200,000 users, as {@code eddy bench join} makes them) and their rewards go
 * through the join job, whose examples, with the decisions and N/2 interactions, then go through the experiments job;
 * both on the same embedded broker and local MiniCluster (RocksDB state, exactly-once sinks), both on input that is
 * in Kafka before they start.
 *
 * <p>Each job is timed from its submission until its last output is visible to a read_committed consumer (the join:
 * every example; the experiments job: its final read-out, due when the watermark passes the experiment's end plus the
 * join window), so both include their start-up and last checkpoint. Rates are input records per second: the join
 * reads decisions and rewards, the experiments job decisions, examples and interactions; the ratio is the experiments
 * job's rate over the join's.
 */
public final class ExperimentsBenchmark {

    /** Interactions per decision in the experiments job's input. */
    static final double INTERACTIONS_PER_DECISION = 0.5;

    private ExperimentsBenchmark() {}

    /**
     * What was measured: input sizes, each job's seconds (submission to last committed output) and what the final
     * read-out counted (exposures must equal the decisions).
     */
    public record Result(JoinBenchmark.Options options, long decisions, long rewards, long examples, long interactions,
                         double joinSeconds, double experimentsSeconds, double firstReadOutSeconds, long readOuts,
                         ExperimentResults last, Map<String, String> jobConfig) {

        public double joinEventsPerSecond() {
            return (decisions + rewards) / joinSeconds;
        }

        public double experimentsEventsPerSecond() {
            return (decisions + examples + interactions) / experimentsSeconds;
        }

        /** Experiments job events/s ÷ join events/s. */
        public double ratio() {
            return experimentsEventsPerSecond() / joinEventsPerSecond();
        }

        public long exposures() {
            return last.variants().stream().mapToLong(ExperimentResults.VariantCount::exposures).sum();
        }

        public boolean complete() {
            return examples == decisions && exposures() == decisions && last.ended();
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            line(sb, "input", "%,d decisions, %,d rewards, %,d examples (the join's output), %,d interactions",
                    decisions, rewards, examples, interactions);
            line(sb, "setup", "%d partitions per topic, parallelism %d, checkpoint every %s, join window %s, "
                            + "read-outs every %s",
                    options.partitions(), options.parallelism(), jobConfig.get(EddyKeys.CHECKPOINT_INTERVAL.name()),
                    jobConfig.get(EddyKeys.JOIN_WINDOW.name()), jobConfig.get(EddyKeys.EXPERIMENTS_EMIT_EVERY.name()));
            line(sb, "join", "%8.2f s  %,10.0f events/s  (decisions + rewards; submission to last committed example)",
                    joinSeconds, joinEventsPerSecond());
            line(sb, "experiments", "%8.2f s  %,10.0f events/s  (decisions + examples + interactions; submission to "
                    + "the final read-out, first after %.2f s, %,d read-outs)", experimentsSeconds,
                    experimentsEventsPerSecond(), firstReadOutSeconds, readOuts);
            line(sb, "ratio", "%.2f  = experiments events/s ÷ join events/s", ratio());
            StringBuilder variants = new StringBuilder();
            for (ExperimentResults.VariantCount v : last.variants()) {
                variants.append(String.format(Locale.ROOT, "%s %,d users / %,d exposures; ", v.variant(), v.users(),
                        v.exposures()));
            }
            line(sb, "counted", "%s%,d metric rows, SRM p = %.3f%s", variants, last.metrics().size(),
                    last.sampleRatio().chiSquareP(), complete() ? "" : "  INCOMPLETE");
            return sb.toString();
        }

        private static void line(StringBuilder sb, String label, String format, Object... args) {
            sb.append(String.format(Locale.ROOT, "%-12s ", label)).append(String.format(Locale.ROOT, format, args))
                    .append('\n');
        }
    }

    public static Result run(JoinBenchmark.Options options, Map<String, String> overrides, PrintStream progress) {
        Path work;
        try {
            work = options.workDir() == null ? Files.createTempDirectory("eddy-bench-experiments-")
                    : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), true)) {
            EddyConfig join = JoinBenchmark.jobConfig(kafka.bootstrapServers(), options, work.resolve("checkpoints-join"),
                    overrides);
            JoinJob.ensureTopics(join);
            Instant from = BenchInput.firstEventTime(options.decisions());
            BenchInput.Produced produced = BenchInput.produce(KafkaClientProperties.plaintext(kafka.bootstrapServers()),
                    join.get(KafkaKeys.TOPIC_DECISIONS), join.get(KafkaKeys.TOPIC_REWARDS), options, progress);
            // Every decision is before this instant: the experiment ends here, and its final read-out ends the run.
            Instant end = Instant.now();
            long interactions = produceInteractions(join, from, end,
                    Math.round(options.decisions() * INTERACTIONS_PER_DECISION), options.partitions(), progress);

            JoinRun.Joined joined = JoinRun.run(join, options, progress);
            produceExampleSentinels(join, end, options.partitions());

            Path file = work.resolve("experiments.yaml");
            Files.writeString(file, experimentsFile(end));
            Map<String, String> values = new LinkedHashMap<>(join.effective());
            values.values().removeIf(Objects::isNull);
            values.put(KafkaKeys.GROUP_ID.name(), "eddy-bench-experiments");
            values.put(EddyKeys.CHECKPOINT_DIR.name(), work.resolve("checkpoints-experiments").toUri().toString());
            values.put(EddyKeys.EXPERIMENTS_FILE.name(), file.toString());
            values.putAll(overrides);
            EddyConfig experiments = EddyConfig.of(values, EddyKeys.all());
            ExperimentsRun.Measured measured = ExperimentsRun.run(experiments,
                    600_000 + (long) options.decisions(), progress);

            Map<String, String> shown = new LinkedHashMap<>();
            experiments.effective().forEach((k, v) -> {
                if (v != null && (k.startsWith("checkpoint.") || k.startsWith("experiments.") || k.equals("join.window"))) {
                    shown.put(k, v);
                }
            });
            return new Result(options, produced.decisions(), produced.rewards(), joined.examples(), interactions,
                    joined.seconds(), measured.seconds(), measured.firstSeconds(), measured.readOuts(), measured.last(),
                    shown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (options.workDir() == null) deleteRecursively(work);
        }
    }

    /** The benchmark's experiment: InputGenerator's exp-1 (variants A and B), five metrics, two segments. */
    static String experimentsFile(Instant end) {
        return """
                experiments:
                  - id: exp-1
                    status: running
                    end: %s
                    default: A
                    variants:
                      - {name: A, weight: 1, policy: uniform}
                      - {name: B, weight: 1, policy: neucb}
                    metrics:
                      - {name: reward-rate, type: reward-rate}
                      - {name: reward-per-user, type: reward-per-user}
                      - {name: purchases, type: interaction-count, interaction: purchase}
                      - {name: revenue, type: interaction-value, interaction: purchase}
                      - {name: latency-ms, type: latency, guardrail: 0.1}
                    segments: [user:country, user:device]
                """.formatted(end);
    }

    private static KafkaProducer<byte[], byte[]> producer(EddyConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return KafkaClientProperties.from(c).producer(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Interactions of the decisions' users (user-0 .. user-199999), in time order over [from, end): purchases (a third,
     * with a value) and views; then one an hour later on every partition, so that every split's watermark passes the
     * experiment's end.
     */
    private static long produceInteractions(EddyConfig c, Instant from, Instant end, long n, int partitions,
                                            PrintStream progress) {
        String topic = c.get(KafkaKeys.TOPIC_INTERACTIONS);
        SplittableRandom random = new SplittableRandom(43);
        long span = end.toEpochMilli() - from.toEpochMilli();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(c)) {
            for (long i = 0; i < n; i++) {
                String user = "user-" + random.nextInt(200_000);
                boolean purchase = random.nextInt(3) == 0;
                Interaction in = new Interaction("i-" + i, from.plusMillis(span * i / n), user,
                        "item-" + random.nextInt(50_000), purchase ? "purchase" : "view",
                        purchase ? (double) (1 + random.nextInt(100)) : 1.0);
                producer.send(new ProducerRecord<>(topic, user.getBytes(StandardCharsets.UTF_8), EventJson.write(in)),
                        (md, e) -> { if (e != null) failure.compareAndSet(null, e); });
            }
            Instant far = end.plus(Duration.ofHours(1));
            for (int p = 0; p < partitions; p++) {
                Interaction s = new Interaction("sentinel-" + p, far, "sentinel", "none", "view", 1.0);
                producer.send(new ProducerRecord<>(topic, p, null, EventJson.write(s)));
            }
            producer.flush();
        }
        if (failure.get() != null) throw new IllegalStateException("producing the interactions failed", failure.get());
        progress.printf(Locale.ROOT, "produce: %,d interactions%n", n);
        return n;
    }

    /** An example an hour after the end on every partition of the examples topic, of a decision outside experiments. */
    private static void produceExampleSentinels(EddyConfig c, Instant end, int partitions) {
        Instant far = end.plus(Duration.ofHours(1));
        try (KafkaProducer<byte[], byte[]> producer = producer(c)) {
            for (int p = 0; p < partitions; p++) {
                Decision d = Decision.builder().eventId("sentinel-example-" + p).timestamp(far).policy("sentinel")
                        .candidates(List.of(Candidate.of("none"))).chosen(List.of(0)).probabilities(List.of(1.0))
                        .skipLearn(true).build();
                producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_EXAMPLES), p, null,
                        EventJson.write(new JoinedExample(d, List.of(), 0, false, far))));
            }
            producer.flush();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temporary directory is not worth failing the benchmark for
        }
    }
}
