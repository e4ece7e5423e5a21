package dev.eddy.jobs.bench;

import dev.eddy.connectors.event.Candidate;
import dev.eddy.connectors.event.Decision;
import dev.eddy.connectors.event.Reward;
import dev.eddy.connectors.json.EventJson;
import dev.eddy.connectors.kafka.EmbeddedKafka;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;
import dev.eddy.jobs.runtime.FlinkRuntime;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * End-to-end throughput of the decision–reward join ({@code eddy bench join}): N decisions and their rewards go
 * through an embedded Kafka broker and the join job on a local Flink MiniCluster (RocksDB state, exactly-once
 * sinks), and in the same run the input topics are read with a plain Kafka consumer, once before and once after
 * the join, as the yardstick: the ratio says how close the join comes to just reading its input.
 *
 * <p>Both measurements read exactly the same records (all decisions and all rewards, both topics, all partitions),
 * so {@code ratio = (N / joinSeconds) / (N / rawSeconds) = rawSeconds / joinSeconds}, with rawSeconds the mean of
 * the two raw reads.
 *
 * <p>Input design: decisions are 1 ms apart in event time, ending a minute before the run starts, and the
 * attribution window is 10 s, so windows open and
 * close continuously while the job runs and the join's state stays at a steady size (window plus dedup
 * retention) instead of all examples coming out at the end. Rewards come 50 ms to half a window after their
 * decision and are written in event-time order. Finally one sentinel decision (decisions topic) and one sentinel
 * reward (rewards topic) an hour past the last decision go to every partition, so that every split's watermark
 * passes the last window; sentinels are not counted and produce no example.
 */
public final class JoinBenchmark {

    /**
     * Event time of the first decision: so far back that the last decision is a minute before the run starts, like
     * live traffic that the join keeps up with (the input records' Kafka timestamps are their write times).
     */
    static Instant firstEventTime(int decisions) {
        return Instant.ofEpochMilli(System.currentTimeMillis() - decisions * DECISION_SPACING_MS - 60_000)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
    /** Event-time distance between consecutive decisions. */
    static final long DECISION_SPACING_MS = 1;
    /** Attribution window of the benchmark's join. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private JoinBenchmark() {}

    /**
     * What to run.
     *
     * @param decisions   decisions to push (sentinels not included); must be ≥ 1
     * @param rewardRate  fraction of decisions that get one reward, in [0, 1]
     * @param partitions  partitions of each input topic (and of the examples topic)
     * @param parallelism parallelism of the join job
     * @param candidates  candidate actions per decision (each with a few features)
     * @param workDir     where the broker's log and the checkpoints go; created if missing, deleted at the end
     *                    (null: a fresh temporary directory)
     * @param verbose     print the job's effective configuration and more detail to the progress stream
     */
    public record Options(int decisions, double rewardRate, int partitions, int parallelism, int candidates,
                          Path workDir, boolean verbose) {
        public static final int DEFAULT_DECISIONS = 1_000_000;
        public static final double DEFAULT_REWARD_RATE = 0.3;
        public static final int DEFAULT_PARTITIONS = 2;
        public static final int DEFAULT_PARALLELISM = 2;
        public static final int DEFAULT_CANDIDATES = 5;

        public Options {
            if (decisions < 1) throw new IllegalArgumentException("decisions must be >= 1, was " + decisions);
            if (!(rewardRate >= 0 && rewardRate <= 1)) {
                throw new IllegalArgumentException("reward rate must be in [0, 1], was " + rewardRate);
            }
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
            if (candidates < 1) throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
        }

        public static Options defaults() {
            return new Options(DEFAULT_DECISIONS, DEFAULT_REWARD_RATE, DEFAULT_PARTITIONS, DEFAULT_PARALLELISM,
                    DEFAULT_CANDIDATES, null, false);
        }

        public Options withDecisions(int n) {
            return new Options(n, rewardRate, partitions, parallelism, candidates, workDir, verbose);
        }
    }

    /**
     * What was measured. Times in seconds; {@code rawSecondsBefore}/{@code rawSecondsAfter} are the plain-consumer
     * reads of the input before and after the join; {@code joinSeconds} runs from job submission until the last
     * example is visible to a read_committed consumer, so it includes the job's start-up and the last checkpoint
     * (exactly-once output becomes visible only when a checkpoint completes); {@code firstExampleSeconds} says how
     * much of it went before the first example showed.
     */
    public record Result(Options options, long decisions, long rewards, long inputRecords, long inputBytes,
                         double produceSeconds, double rawSecondsBefore, double rawSecondsAfter, double joinSeconds,
                         double firstExampleSeconds, long examples, long duplicateExamples, long examplesWithReward,
                         long deadLetters,
                         Map<String, String> jobConfig) {

        public double rawSeconds() {
            return (rawSecondsBefore + rawSecondsAfter) / 2;
        }

        public double rawRecordsPerSecond() {
            return inputRecords / rawSeconds();
        }

        /** Decisions per second of the plain consumer (it reads the rewards too, as the join does). */
        public double rawDecisionsPerSecond() {
            return decisions / rawSeconds();
        }

        public double rawDecisionsPerSecondBefore() {
            return decisions / rawSecondsBefore;
        }

        public double rawDecisionsPerSecondAfter() {
            return decisions / rawSecondsAfter;
        }

        public double examplesPerSecond() {
            return examples / joinSeconds;
        }

        /** Join examples/s ÷ raw decisions/s; both read the same input, so this is rawSeconds ÷ joinSeconds. */
        public double ratio() {
            return examplesPerSecond() / rawDecisionsPerSecond();
        }

        public boolean complete() {
            return examples == decisions && duplicateExamples == 0;
        }

        public String report() {
            List<String[]> rows = new ArrayList<>();
            rows.add(row("decisions", "%,d (+ %,d rewards = %,d input records, %s as produced, lz4 on the wire)",
                    decisions, rewards, inputRecords, mib(inputBytes)));
            rows.add(row("setup", "%d partitions per topic, parallelism %d, %d candidates per decision, window %s, "
                            + "checkpoint every %s",
                    options.partitions(), options.parallelism(), options.candidates(),
                    jobConfig.getOrDefault(EddyKeys.JOIN_WINDOW.name(), "?"),
                    jobConfig.getOrDefault(EddyKeys.CHECKPOINT_INTERVAL.name(), "?")));
            rows.add(row("produce", "%8.2f s  %,12.0f records/s", produceSeconds, inputRecords / produceSeconds));
            rows.add(row("raw consume before", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", rawSecondsBefore,
                    inputRecords / rawSecondsBefore, rawDecisionsPerSecondBefore()));
            rows.add(row("raw consume after", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", rawSecondsAfter,
                    inputRecords / rawSecondsAfter, rawDecisionsPerSecondAfter()));
            rows.add(row("raw consume (mean)", "%8.2f s  %,12.0f records/s  %,12.0f decisions/s", rawSeconds(),
                    rawRecordsPerSecond(), rawDecisionsPerSecond()));
            rows.add(row("join", "%8.2f s  %,12.0f examples/s  (submission to last committed example; first "
                    + "example after %.2f s)", joinSeconds, examplesPerSecond(), firstExampleSeconds));
            rows.add(row("examples", "%,d of %,d expected, %,d duplicates, %,d with a reward, %,d dead letters%s",
                    examples, decisions, duplicateExamples, examplesWithReward, deadLetters,
                    complete() ? "" : "  INCOMPLETE"));
            rows.add(row("ratio", "%.1f %%  = join examples/s ÷ raw decisions/s (mean of both raw reads); both read "
                    + "the same input (all decisions and rewards), so = raw seconds ÷ join seconds", 100 * ratio()));
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", r[0], r[1]));
            }
            return sb.toString();
        }

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("decisions", decisions);
            m.put("rewards", rewards);
            m.put("rewardRate", options.rewardRate());
            m.put("partitions", options.partitions());
            m.put("parallelism", options.parallelism());
            m.put("candidates", options.candidates());
            m.put("inputRecords", inputRecords);
            m.put("inputBytes", inputBytes);
            m.put("produceSeconds", produceSeconds);
            m.put("rawSecondsBefore", rawSecondsBefore);
            m.put("rawSecondsAfter", rawSecondsAfter);
            m.put("rawSeconds", rawSeconds());
            m.put("rawRecordsPerSecond", rawRecordsPerSecond());
            m.put("rawDecisionsPerSecond", rawDecisionsPerSecond());
            m.put("rawDecisionsPerSecondBefore", rawDecisionsPerSecondBefore());
            m.put("rawDecisionsPerSecondAfter", rawDecisionsPerSecondAfter());
            m.put("joinSeconds", joinSeconds);
            m.put("firstExampleSeconds", firstExampleSeconds);
            m.put("examples", examples);
            m.put("duplicateExamples", duplicateExamples);
            m.put("examplesWithReward", examplesWithReward);
            m.put("deadLetters", deadLetters);
            m.put("examplesPerSecond", examplesPerSecond());
            m.put("ratio", ratio());
            m.put("ratioDefinition", "join examples/s / raw decisions/s (mean of the raw reads before and after the "
                    + "join); both read all decisions and rewards, so ratio = rawSeconds / joinSeconds");
            m.put("complete", complete());
            m.put("jobConfig", jobConfig);
            return EventJson.writeString(m);
        }

        private static String[] row(String label, String format, Object... args) {
            return new String[]{label, String.format(Locale.ROOT, format, args)};
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }
    }

    /** Runs the benchmark with the job's default configuration apart from what the benchmark sets. */
    public static Result run(Options options, PrintStream progress) {
        return run(options, Map.of(), progress);
    }

    /**
     * Runs the benchmark; {@code overrides} are job configuration keys ({@link EddyKeys}) applied on top of what
     * the benchmark sets (e.g. {@code checkpoint.interval}), for experiments.
     */
    public static Result run(Options options, Map<String, String> overrides, PrintStream progress) {
        Path work;
        boolean madeTemp = options.workDir() == null;
        try {
            work = madeTemp ? Files.createTempDirectory("eddy-bench-join-") : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
        Path kafkaDir = work.resolve("kafka-" + System.nanoTime());
        Path checkpoints = work.resolve("checkpoints-" + System.nanoTime());
        try {
            Files.createDirectories(kafkaDir);
            Files.createDirectories(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directories under " + work, e);
        }
        progress.printf(Locale.ROOT, "starting embedded Kafka in %s%n", kafkaDir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, true)) {
            EddyConfig config = jobConfig(kafka.bootstrapServers(), options, checkpoints, overrides);
            if (options.verbose()) progress.println("job configuration: " + config.effective());
            JoinJob.ensureTopics(config);
            String decisionsTopic = config.get(EddyKeys.TOPIC_DECISIONS);
            String rewardsTopic = config.get(EddyKeys.TOPIC_REWARDS);
            List<String> inputs = List.of(decisionsTopic, rewardsTopic);

            Produced produced = produce(kafka.bootstrapServers(), decisionsTopic, rewardsTopic, options, progress);
            long inputRecords = produced.decisions + produced.rewards + produced.sentinels;

            double rawBefore = rawConsume(kafka.bootstrapServers(), inputs, inputRecords, "raw consume (before)",
                    progress);
            Joined joined = join(config, options, progress);
            double rawAfter = rawConsume(kafka.bootstrapServers(), inputs, inputRecords, "raw consume (after)",
                    progress);
            long deadLetters = countAll(kafka.bootstrapServers(), config.get(EddyKeys.TOPIC_DEAD_LETTERS), null);

            Map<String, String> shown = new LinkedHashMap<>();
            config.effective().forEach((k, v) -> {
                if (v != null && (k.startsWith("join.") || k.startsWith("checkpoint.") || k.startsWith("job.") || k.startsWith("state.")
                        || k.equals("topics.partitions"))) {
                    shown.put(k, v);
                }
            });
            return new Result(options, produced.decisions, produced.rewards, inputRecords, produced.bytes,
                    produced.seconds, rawBefore, rawAfter, joined.seconds, joined.firstSeconds, joined.examples,
                    joined.duplicates, joined.withReward, deadLetters, shown);
        } finally {
            deleteRecursively(checkpoints);
            if (madeTemp) deleteRecursively(work);
        }
    }

    static EddyConfig jobConfig(String bootstrap, Options options, Path checkpoints, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(EddyKeys.BOOTSTRAP.name(), bootstrap);
        values.put(EddyKeys.GROUP_ID.name(), "eddy-bench-join");
        values.put(EddyKeys.TOPIC_PARTITIONS.name(), String.valueOf(options.partitions()));
        values.put(EddyKeys.PARALLELISM.name(), String.valueOf(options.parallelism()));
        values.put(EddyKeys.CHECKPOINT_DIR.name(), checkpoints.toUri().toString());
        values.put(EddyKeys.CHECKPOINT_INTERVAL.name(), CHECKPOINT_INTERVAL.toMillis() + "ms");
        values.put(EddyKeys.JOIN_WINDOW.name(), WINDOW.toSeconds() + "s");
        values.putAll(overrides);
        return EddyConfig.of(values, EddyKeys.all());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Input

    private record Produced(long decisions, long rewards, long sentinels, long bytes, double seconds) {}

    /** A reward waiting for the decisions' event time to reach it, so that the rewards topic is in event-time order. */
    private record PendingReward(long time, String eventId, byte[] json) {}

    /**
     * Generates and writes the input with one producer. Settings: acks=1 (a single local broker; waiting for more
     * would measure nothing), linger 20 ms and 256 KiB batches (large batches, few requests), lz4 compression: it
     * is what a production serving fleet would use for JSON of this kind (cheap to compress, 3–5× smaller), and the
     * plain consumer and the job both pay the same decompression, so the comparison stays fair; the join's own
     * sinks use lz4 as well.
     */
    private static Produced produce(String bootstrap, String decisionsTopic, String rewardsTopic, Options options,
                                    PrintStream progress) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        Generator gen = new Generator(options, firstEventTime(options.decisions()));
        PriorityQueue<PendingReward> pending = new PriorityQueue<>(Comparator.comparingLong(PendingReward::time));
        long decisions = 0, rewards = 0, bytes = 0;
        long start = System.nanoTime();
        long nextReport = start + PROGRESS_EVERY_NANOS;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
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
                producer.send(new ProducerRecord<>(decisionsTopic, key, json), onError);
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
            progress.printf(Locale.ROOT, "produce: done, %,d decisions + %,d rewards (+ %d sentinels) in %.2f s, "
                    + "%,.0f records/s, %.1f MiB%n", decisions, rewards, sentinels, secs,
                    (decisions + rewards + sentinels) / secs, bytes / (1024.0 * 1024.0));
            return new Produced(decisions, rewards, sentinels, bytes, secs);
        }
    }

    /** Deterministic, realistic-looking decisions: a few context features, candidates with a few features each. */
    static final class Generator {
        private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES", "IT", "NL", "PL"};
        private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
        private static final String[] CATEGORIES = {"books", "music", "garden", "toys", "sports", "food", "tech"};

        private final Options options;
        private final long t0;
        private final SplittableRandom random = new SplittableRandom(42);
        private final long maxDelayMs = WINDOW.toMillis() / 2;

        Generator(Options options, Instant first) {
            this.options = options;
            this.t0 = first.toEpochMilli();
        }

        long time(long i) {
            return t0 + i * DECISION_SPACING_MS;
        }

        Decision decision(int i) {
            int k = options.candidates();
            List<Candidate> candidates = new ArrayList<>(k);
            List<Double> distribution = new ArrayList<>(k);
            double best = 0.5 + 0.5 / k;
            double rest = k == 1 ? 0 : (1 - best) / (k - 1);
            for (int c = 0; c < k; c++) {
                Map<String, Double> item = new LinkedHashMap<>();
                item.put("category=" + CATEGORIES[random.nextInt(CATEGORIES.length)], 1.0);
                item.put("price", round(random.nextDouble() * 100));
                item.put("popularity", round(random.nextDouble()));
                candidates.add(new Candidate("item-" + random.nextInt(50_000), Map.of("item", item)));
                distribution.add(k == 1 ? 1.0 : c == 0 ? best : rest);
            }
            int chosen = k == 1 || random.nextDouble() < best ? 0 : 1 + random.nextInt(k - 1);
            Map<String, Double> user = new LinkedHashMap<>();
            user.put("country=" + COUNTRIES[random.nextInt(COUNTRIES.length)], 1.0);
            user.put("device=" + DEVICES[random.nextInt(DEVICES.length)], 1.0);
            user.put("age", round(random.nextDouble()));
            Map<String, Map<String, Double>> context = new LinkedHashMap<>();
            context.put("user", user);
            context.put("time", Map.of("hour=" + (i / 3_600_000 + 9) % 24, 1.0));
            String variant = (i & 1) == 0 ? "A" : "B";
            return new Decision(String.format(Locale.ROOT, "d-%010d", i), Instant.ofEpochMilli(time(i)),
                    "user-" + random.nextInt(200_000), null, null, "exp-1", variant, "neucb", 7L, context,
                    candidates, List.of(chosen), List.of(distribution.get(chosen)), distribution, null, null);
        }

        /** A reward for {@code d} with probability rewardRate, 50 ms to half a window after it; else null. */
        Reward reward(Decision d) {
            if (random.nextDouble() >= options.rewardRate()) return null;
            long delay = 50 + random.nextLong(maxDelayMs - 50);
            return new Reward(d.eventId(), d.timestamp().plusMillis(delay), round(random.nextDouble() * 2), null,
                    "click", null);
        }

        Decision sentinel(String id, Instant at) {
            return new Decision(id, at, null, null, null, null, null, "sentinel", null, Map.of(),
                    List.of(Candidate.of("none")), List.of(0), List.of(1.0), null, null, true);
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw consume

    /**
     * Reads every record of {@code topics} from the beginning with a plain consumer (byte[] deserializers, the
     * same read_committed isolation and default fetch settings as the job's source), touching each value, and
     * returns the seconds it took.
     */
    static double rawConsume(String bootstrap, List<String> topics, long expected, String label, PrintStream progress) {
        Properties p = consumerProps(bootstrap);
        long records = 0, bytes = 0;
        long start = System.nanoTime();
        long nextReport = start + PROGRESS_EVERY_NANOS;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = partitions(consumer, topics);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (records < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.printf(Locale.ROOT, "%s: %,d of %,d records, %,.0f records/s%n", label, records, expected,
                            records / seconds(now - start));
                    nextReport = now + PROGRESS_EVERY_NANOS;
                }
                if (now > deadline) {
                    throw new IllegalStateException(label + ": read only " + records + " of " + expected + " records");
                }
            }
        }
        double secs = seconds(System.nanoTime() - start);
        progress.printf(Locale.ROOT, "%s: done, %,d records (%.1f MiB of values) in %.2f s, %,.0f records/s%n", label,
                records, bytes / (1024.0 * 1024.0), secs, records / secs);
        return secs;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The join

    private record Joined(double seconds, double firstSeconds, long examples, long duplicates, long withReward) {}

    private static Joined join(EddyConfig config, Options options, PrintStream progress) {
        String bootstrap = config.get(EddyKeys.BOOTSTRAP);
        String examplesTopic = config.get(EddyKeys.TOPIC_EXAMPLES);
        long expected = options.decisions();
        Properties p = consumerProps(bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Assign before the job starts, so that the reader is ready when the first example commits.
            List<TopicPartition> parts = partitions(consumer, List.of(examplesTopic));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            consumer.poll(Duration.ZERO);

            StreamExecutionEnvironment env = FlinkRuntime.environment(config, FlinkRuntime.Target.LOCAL);
            JoinJob.build(env, config);
            progress.println("join: submitting the job");
            long start = System.nanoTime();
            JobClient job;
            try {
                job = env.executeAsync(JoinJob.NAME);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the join job", e);
            }
            // Counted by decision index (parsed from the key "d-0000000042"), so that a duplicate cannot stand in for
            // a missing example; parsing ten digits per record keeps this reader cheap next to the job.
            java.util.BitSet seen = new java.util.BitSet((int) expected);
            long examples = 0;
            long records = 0;
            long first = -1;
            long end;
            try {
                long nextReport = start + PROGRESS_EVERY_NANOS;
                long lastCount = 0, lastTime = start;
                long deadline = start + TimeUnit.MINUTES.toNanos(10) + TimeUnit.MILLISECONDS.toNanos(expected);
                while (true) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    if (!batch.isEmpty() && first < 0) first = now;
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        records++;
                        int i = decisionIndex(r.key());
                        if (i >= 0 && i < expected && !seen.get(i)) {
                            seen.set(i);
                            examples++;
                        }
                    }
                    if (examples >= expected) {
                        end = now;
                        break;
                    }
                    if (now >= nextReport) {
                        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                        progress.printf(Locale.ROOT, "join: %,d of %,d examples committed, %,.0f examples/s "
                                        + "(last %.0f s: %,.0f/s), job %s%n", examples, expected,
                                examples / seconds(now - start), seconds(now - lastTime),
                                (examples - lastCount) / seconds(now - lastTime), status);
                        if (status.isGloballyTerminalState()) {
                            throw new IllegalStateException("the join job ended (" + status + ") after " + examples
                                    + " of " + expected + " examples");
                        }
                        lastCount = examples;
                        lastTime = now;
                        nextReport = now + PROGRESS_EVERY_NANOS;
                    }
                    if (now > deadline) {
                        throw new IllegalStateException("join: only " + examples + " of " + expected
                                + " examples after " + seconds(now - start) + " s");
                    }
                }
            } catch (RuntimeException e) {
                cancel(job, progress);
                throw e;
            } catch (Exception e) {
                cancel(job, progress);
                throw new IllegalStateException("join: cannot read the job's status", e);
            }
            double secs = seconds(end - start);
            double firstSecs = seconds(first - start);
            progress.printf(Locale.ROOT, "join: done, %,d examples in %.2f s (first after %.2f s), %,.0f examples/s%n",
                    examples, secs, firstSecs, examples / secs);
            if (records != examples) {
                progress.printf(Locale.ROOT, "join: WARNING %,d records for %,d distinct decisions%n", records, examples);
            }
            cancel(job, progress);
            // Not timed: check what came out (every example once, the expected share with a reward).
            long[] withReward = new long[1];
            long total = countAll(bootstrap, examplesTopic, v -> {
                if (contains(v, OBSERVED)) withReward[0]++;
            });
            if (total != records) {
                progress.printf(Locale.ROOT, "join: note: re-reading the examples topic found %,d records, %,d seen "
                        + "while timing%n", total, records);
            }
            return new Joined(secs, firstSecs, examples, records - examples, withReward[0]);
        }
    }

    /** The index in {@code d-0000000042}, or -1 for any other key. */
    static int decisionIndex(byte[] key) {
        if (key == null || key.length != 12 || key[0] != 'd' || key[1] != '-') return -1;
        int v = 0;
        for (int i = 2; i < 12; i++) {
            int c = key[i] - '0';
            if (c < 0 || c > 9) return -1;
            v = v * 10 + c;
        }
        return v;
    }

    private static final byte[] OBSERVED = "\"rewardObserved\":true".getBytes(StandardCharsets.UTF_8);

    private static void cancel(JobClient job, PrintStream progress) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress.println("join: cancelling the job failed: " + e);
        }
    }

    /** Counts the committed records of {@code topic} (reading until the end offsets), passing values to {@code each}. */
    static long countAll(String bootstrap, String topic, java.util.function.Consumer<byte[]> each) {
        Properties p = consumerProps(bootstrap);
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = partitions(consumer, List.of(topic));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) {
                    if (consumer.position(tp) < end.get(tp)) done = false;
                }
                if (done) break;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    n++;
                    if (each != null) each.accept(r.value());
                }
            }
        }
        return n;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + t + " has no partitions");
            for (PartitionInfo i : infos) parts.add(new TopicPartition(t, i.partition()));
        }
        return parts;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
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
