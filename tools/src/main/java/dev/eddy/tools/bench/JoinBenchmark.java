package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
            return BenchReport.text(this);
        }

        public String toJson() {
            return BenchReport.json(this);
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
            String decisionsTopic = config.get(KafkaKeys.TOPIC_DECISIONS);
            String rewardsTopic = config.get(KafkaKeys.TOPIC_REWARDS);
            List<String> inputs = List.of(decisionsTopic, rewardsTopic);

            BenchInput.Produced produced =
                    BenchInput.produce(KafkaClientProperties.plaintext(kafka.bootstrapServers()), decisionsTopic, rewardsTopic, options, progress);
            long inputRecords = produced.decisions() + produced.rewards() + produced.sentinels();

            double rawBefore = RawConsume.read(KafkaClientProperties.plaintext(kafka.bootstrapServers()), inputs, inputRecords, "raw consume (before)",
                    progress);
            JoinRun.Joined joined = JoinRun.run(config, options, progress);
            double rawAfter = RawConsume.read(KafkaClientProperties.plaintext(kafka.bootstrapServers()), inputs, inputRecords, "raw consume (after)",
                    progress);
            long deadLetters =
                    BenchKafka.countAll(KafkaClientProperties.plaintext(kafka.bootstrapServers()), config.get(KafkaKeys.TOPIC_DEAD_LETTERS), null);

            Map<String, String> shown = new LinkedHashMap<>();
            config.effective().forEach((k, v) -> {
                if (v != null && (k.startsWith("join.") || k.startsWith("checkpoint.") || k.startsWith("job.") || k.startsWith("state.")
                        || k.equals("topics.partitions"))) {
                    shown.put(k, v);
                }
            });
            return new Result(options, produced.decisions(), produced.rewards(), inputRecords, produced.bytes(),
                    produced.seconds(), rawBefore, rawAfter, joined.seconds(), joined.firstSeconds(),
                    joined.examples(), joined.duplicates(), joined.withReward(), deadLetters, shown);
        } finally {
            deleteRecursively(checkpoints);
            if (madeTemp) deleteRecursively(work);
        }
    }

    static EddyConfig jobConfig(String bootstrap, Options options, Path checkpoints, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(KafkaKeys.BOOTSTRAP.name(), bootstrap);
        values.put(KafkaKeys.GROUP_ID.name(), "eddy-bench-join");
        values.put(KafkaKeys.TOPIC_PARTITIONS.name(), String.valueOf(options.partitions()));
        values.put(EddyKeys.PARALLELISM.name(), String.valueOf(options.parallelism()));
        values.put(EddyKeys.CHECKPOINT_DIR.name(), checkpoints.toUri().toString());
        values.put(EddyKeys.CHECKPOINT_INTERVAL.name(), CHECKPOINT_INTERVAL.toMillis() + "ms");
        values.put(EddyKeys.JOIN_WINDOW.name(), WINDOW.toSeconds() + "s");
        values.putAll(overrides);
        return EddyConfig.of(values, EddyKeys.all());
    }

    static double seconds(long nanos) {
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
