package dev.eddy.tools.bench;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.Admin;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.kafka.TopicSpec;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.JoinJob;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The decision–reward join's cost per input record ({@code eddy bench join}): N decisions and their rewards are
 * produced into a broker that runs in a child JVM ({@link BrokerProcess}), then the join job (local MiniCluster,
 * RocksDB state, exactly-once sinks, checkpoints every 2 s) and, as the floor, a passthrough job
 * ({@link PassthroughJob}: the same source and the same kind of sink, no state) read all of it, one after the
 * other, in this JVM. Since the broker and the producer live elsewhere, this JVM's process CPU time is the jobs'
 * own (plus the MiniCluster's housekeeping; the reader thread that watches the output is subtracted), which on a
 * shared machine says far more than wall time: the figures are CPU microseconds per input record over the steady
 * part of each run (from {@link JoinRun#STEADY_FROM} to {@link JoinRun#STEADY_TO} of the outputs), and their ratio.
 *
 * <p>Input design: decisions are 1 ms apart in event time, ending a minute before the run starts, and the
 * attribution window is 10 s, so windows open and
 * close continuously while the job runs and the join's state stays at a steady size (window plus dedup
 * retention) instead of all examples coming out at the end. Rewards come 50 ms to half a window after their
 * decision and are written in event-time order. Finally one sentinel decision (decisions topic) and one sentinel
 * reward (rewards topic) an hour past the last decision go to every partition, so that every split's watermark
 * passes the last window; sentinels are not counted and produce no example.
 *
 * <p>State growth ({@code --waiting N}): N decisions a day past the rest are written to an extra partition of the
 * decisions topic, alone. The job takes them in first: the rest of the input is written only once the job's committed
 * offset on that partition (a completed checkpoint) shows all N in its state and RocksDB has finished compacting
 * them ({@link #awaitCompactionSettled}), and the clock starts then. They never
 * hold back the watermark (it is the minimum over the splits, the extra split's is a day ahead), and their windows
 * never close, so they produce no example and are not counted. The job's idleness is an hour meanwhile, so that the
 * splits with nothing yet to read do not go idle and let the watermark jump a day ahead. (Until 2026-12-07 all the
 * input was written at once and the job read the extra split beside the rest: with 10⁷ the whole run took 42 s, so
 * most of them were never in state while it was timed.)
 */
public final class JoinBenchmark {

    /** Event-time distance between consecutive decisions. */
    static final long DECISION_SPACING_MS = 1;
    /** Attribution window of the benchmark's join. */
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Where the passthrough job writes. */
    static final String PASSTHROUGH_TOPIC = "eddy.bench.passthrough";

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
     * @param waiting     decisions that wait in the join's state during the whole run (state growth, issue #18
     *                    goal 3); 0 for none
     * @param rounds      how many times the join and then the passthrough run on the same input, alternating; more
     *                    than one (only without waiting decisions) gives the medians of paired runs, which say more
     *                    than one pair on a shared, noisy machine
     */
    public record Options(int decisions, double rewardRate, int partitions, int parallelism, int candidates,
                          Path workDir, boolean verbose, int waiting, int rounds) {
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
            if (waiting < 0) throw new IllegalArgumentException("waiting must be >= 0, was " + waiting);
            if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
            // Each round would have to take the waiting decisions in again, which is most of such a run.
            if (rounds > 1 && waiting > 0) {
                throw new IllegalArgumentException("rounds above 1 cannot be combined with waiting decisions (was "
                        + rounds + " rounds, " + waiting + " waiting): run one round per state size");
            }
        }

        public Options(int decisions, double rewardRate, int partitions, int parallelism, int candidates, Path workDir,
                       boolean verbose, int waiting) {
            this(decisions, rewardRate, partitions, parallelism, candidates, workDir, verbose, waiting, 1);
        }

        public Options(int decisions, double rewardRate, int partitions, int parallelism, int candidates, Path workDir,
                       boolean verbose) {
            this(decisions, rewardRate, partitions, parallelism, candidates, workDir, verbose, 0);
        }

        public static Options defaults() {
            return new Options(DEFAULT_DECISIONS, DEFAULT_REWARD_RATE, DEFAULT_PARTITIONS, DEFAULT_PARALLELISM,
                    DEFAULT_CANDIDATES, null, false);
        }

        public Options withDecisions(int n) {
            return new Options(n, rewardRate, partitions, parallelism, candidates, workDir, verbose, waiting, rounds);
        }
    }

    /**
     * What was measured. Times in seconds; {@code joinSeconds} runs from job submission until the last example is
     * visible to a read_committed consumer, so it includes the job's start-up and the last checkpoint (exactly-once
     * output becomes visible only when a checkpoint completes); {@code firstExampleSeconds} says how much of it went
     * before the first example showed. CPU figures are this JVM's process CPU time over the steady part of each run,
     * and the input records read in it.
     */
    public record Result(Options options, long decisions, long rewards, long inputRecords, long inputBytes,
                         double produceSeconds, double joinSeconds, double firstExampleSeconds, long examples,
                         long duplicateExamples, long examplesWithReward, long deadLetters, long joinCpuNanos,
                         double joinMeasuredRecords, double passthroughSeconds, long passthroughRecords,
                         long passthroughCpuNanos, long passthroughMeasuredRecords, Map<String, String> jobConfig) {

        public double examplesPerSecond() {
            return examples / joinSeconds;
        }

        /** Input records (decisions, rewards, sentinels) per second of wall time, submission to last example. */
        public double joinRecordsPerSecond() {
            return inputRecords / joinSeconds;
        }

        public double joinCpuMicrosPerRecord() {
            return joinCpuNanos / 1e3 / joinMeasuredRecords;
        }

        public double passthroughCpuMicrosPerRecord() {
            return passthroughCpuNanos / 1e3 / passthroughMeasuredRecords;
        }

        /** The join's CPU per input record ÷ the passthrough's. */
        public double ratio() {
            return joinCpuMicrosPerRecord() / passthroughCpuMicrosPerRecord();
        }

        public boolean complete() {
            return examples == decisions && duplicateExamples == 0
                    && passthroughRecords == inputRecords + options.waiting();
        }

        public String report() {
            return BenchReport.text(this);
        }

        /** The three lines {@code eddy bench join} ends with. */
        public String summary() {
            return lastLines(joinCpuMicrosPerRecord(), passthroughCpuMicrosPerRecord(), ratio());
        }
    }

    private static String lastLines(double joinMicros, double passthroughMicros, double ratio) {
        return String.format(Locale.ROOT, "join: %.1f cpu-us/record, %,.0f records/s/core%n"
                + "passthrough: %.1f cpu-us/record%nratio: %.2f%n", joinMicros, 1e6 / joinMicros, passthroughMicros,
                ratio);
    }

    /**
     * Every round's figures. With one round its three lines are the round's. With more, each round's pair is printed
     * and the three lines give medians: of the join's and the passthrough's CPU per record, and of the rounds' own
     * ratios (a join and the passthrough right after it share the machine's load of the moment, so the ratio is taken
     * within a round).
     */
    public record Rounds(List<Result> rounds) {
        public Rounds {
            if (rounds.isEmpty()) throw new IllegalArgumentException("no rounds");
            rounds = List.copyOf(rounds);
        }

        /** The first round (the only one unless {@code --rounds} asked for more). */
        public Result first() {
            return rounds.get(0);
        }

        public double joinCpuMicrosPerRecord() {
            return median(rounds.stream().mapToDouble(Result::joinCpuMicrosPerRecord).toArray());
        }

        public double passthroughCpuMicrosPerRecord() {
            return median(rounds.stream().mapToDouble(Result::passthroughCpuMicrosPerRecord).toArray());
        }

        public double ratio() {
            return median(rounds.stream().mapToDouble(Result::ratio).toArray());
        }

        public boolean complete() {
            return rounds.stream().allMatch(Result::complete);
        }

        public String report() {
            if (rounds.size() == 1) return first().report();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < rounds.size(); i++) {
                b.append(String.format(Locale.ROOT, "round %d%n", i + 1)).append(rounds.get(i).report())
                        .append(System.lineSeparator());
            }
            return b.toString();
        }

        /** The lines {@code eddy bench join} ends with; the last three are always the figures it stands by. */
        public String summary() {
            if (rounds.size() == 1) return first().summary();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < rounds.size(); i++) {
                Result r = rounds.get(i);
                b.append(String.format(Locale.ROOT, "round %d: join %.1f cpu-us/record, passthrough %.1f, ratio %.2f%n",
                        i + 1, r.joinCpuMicrosPerRecord(), r.passthroughCpuMicrosPerRecord(), r.ratio()));
            }
            b.append(String.format(Locale.ROOT, "median of %d rounds (the ratio: the median of the rounds' ratios):%n",
                    rounds.size()));
            return b.append(lastLines(joinCpuMicrosPerRecord(), passthroughCpuMicrosPerRecord(), ratio())).toString();
        }

        public String toJson() {
            return BenchReport.json(this);
        }

        static double median(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }
    }

    /** Runs the benchmark with the job's default configuration apart from what the benchmark sets. */
    public static Rounds run(Options options, PrintStream progress) {
        return run(options, Map.of(), progress);
    }

    /**
     * Runs the benchmark; {@code overrides} are job configuration keys ({@link EddyKeys}) applied on top of what
     * the benchmark sets (e.g. {@code checkpoint.interval}), for experiments.
     */
    public static Rounds run(Options options, Map<String, String> overrides, PrintStream progress) {
        Path work;
        boolean madeTemp = options.workDir() == null;
        try {
            work = madeTemp ? Files.createTempDirectory("eddy-bench-join-") : Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory", e);
        }
        Path checkpoints = work.resolve("checkpoints-" + System.nanoTime());
        try {
            Files.createDirectories(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directories under " + work, e);
        }
        progress.println("starting the broker and producing the input in a separate process");
        try (BrokerProcess broker = BrokerProcess.start(work, options, progress)) {
            List<Result> rounds = new ArrayList<>();
            AtomicReference<BenchInput.Produced> input = new AtomicReference<>();
            for (int round = 1; round <= options.rounds(); round++) {
                if (options.rounds() > 1) progress.printf(Locale.ROOT, "round %d of %d%n", round, options.rounds());
                rounds.add(runRound(broker, options, overrides, checkpoints.resolve("round-" + round), round, input,
                        progress));
            }
            return new Rounds(rounds);
        } finally {
            deleteRecursively(checkpoints);
            if (madeTemp) deleteRecursively(work);
        }
    }

    /**
     * One join run and one passthrough run. The first round writes the input; later ones read it again, each with
     * its own consumer groups (which are also the sinks' transactional-id prefixes) and output topics, so that no
     * round sees another's output or fences its transactions.
     */
    private static Result runRound(BrokerProcess broker, Options options, Map<String, String> overrides,
                                   Path checkpoints, int round, AtomicReference<BenchInput.Produced> input,
                                   PrintStream progress) {
        String suffix = round == 1 ? "" : "-r" + round;
        Map<String, String> joinOverrides = new HashMap<>(overrides);
        if (round > 1) {
            EddyConfig first = jobConfig(broker.bootstrap(), options, checkpoints, overrides);
            for (var key : List.of(KafkaKeys.GROUP_ID, KafkaKeys.TOPIC_EXAMPLES, KafkaKeys.TOPIC_DEAD_LETTERS)) {
                joinOverrides.put(key.name(), first.get(key) + suffix);
            }
        }
        // While the job takes in the waiting decisions the other splits have nothing to read; idle, they would
        // let the watermark jump to the waiting ones' (a day ahead) and make the whole input late.
        if (options.waiting() > 0) joinOverrides.putIfAbsent(EddyKeys.JOIN_IDLENESS.name(), "1h");
        EddyConfig config = jobConfig(broker.bootstrap(), options, checkpoints, joinOverrides);
        if (options.verbose()) progress.println("job configuration: " + config.effective());
        if (round > 1) JoinJob.ensureTopics(config);
        // Without waiting decisions the input is written before the job starts, as it always was; with them, the
        // job first takes them in, then the input is written while it runs and the clock starts with the writing.
        if (options.waiting() == 0 && input.get() == null) input.set(broker.produceInput());
        Runnable loadWaiting = options.waiting() == 0 ? null : () -> {
            awaitWaitingInState(broker.bootstrap(), config.get(KafkaKeys.GROUP_ID),
                    new TopicPartition(config.get(KafkaKeys.TOPIC_DECISIONS), options.partitions()),
                    options.waiting(), progress);
            awaitCompactionSettled(progress);
        };
        JoinRun.Joined joined = JoinRun.run(config, options, progress, loadWaiting, () -> {
            if (options.waiting() > 0) input.set(broker.produceInput());
        });
        BenchInput.Produced produced = input.get();
        long inputRecords = produced.decisions() + produced.rewards() + produced.sentinels();
        long deadLetters = BenchKafka.countAll(KafkaClientProperties.plaintext(broker.bootstrap()),
                config.get(KafkaKeys.TOPIC_DEAD_LETTERS), null);

        Map<String, String> passthroughOverrides = new HashMap<>(overrides);
        passthroughOverrides.put(KafkaKeys.GROUP_ID.name(), PassthroughJob.NAME + suffix);
        passthroughOverrides.put(EddyKeys.CHECKPOINT_DIR.name(), checkpoints.resolve("passthrough").toUri().toString());
        EddyConfig passConfig = jobConfig(broker.bootstrap(), options, checkpoints, passthroughOverrides);
        String passthroughTopic = PASSTHROUGH_TOPIC + suffix;
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(broker.bootstrap()))) {
            admin.ensure(List.of(new TopicSpec(passthroughTopic, options.partitions(), (short) 1, Map.of())));
        }
        // The passthrough reads the waiting decisions too: it stops once it has passed on everything.
        JoinRun.Joined pass = JoinRun.run(passConfig, new JoinRun.Job(PassthroughJob.NAME,
                env -> PassthroughJob.build(env, passConfig, passthroughTopic), passthroughTopic,
                inputRecords + produced.waiting(), false), progress);

        Map<String, String> shown = new LinkedHashMap<>();
        config.effective().forEach((k, v) -> {
            if (v != null && (k.startsWith("join.") || k.startsWith("checkpoint.") || k.startsWith("job.") || k.startsWith("state.")
                    || k.equals("topics.partitions"))) {
                shown.put(k, v);
            }
        });
        // An example stands for its decision and the rewards joined to it: scale to input records.
        double joinMeasured = joined.measuredOutputs() * (double) inputRecords / produced.decisions();
        return new Result(options, produced.decisions(), produced.rewards(), inputRecords, produced.bytes(),
                produced.seconds(), joined.seconds(), joined.firstSeconds(), joined.examples(),
                joined.duplicates(), joined.withReward(), deadLetters, joined.cpuNanos(), joinMeasured,
                pass.seconds(), pass.examples(), pass.cpuNanos(), pass.measuredOutputs(), shown);
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

    /**
     * Waits until the job has taken in and checkpointed all {@code n} waiting decisions: its source commits its
     * offsets to the consumer group when a checkpoint completes, so a committed offset of n on their partition means
     * they are in the checkpointed state.
     */
    static void awaitWaitingInState(String bootstrap, String group, TopicPartition partition, long n,
                                    PrintStream progress) {
        long start = System.nanoTime();
        long nextReport = start;
        try (Admin admin = KafkaClientProperties.plaintext(bootstrap).admin(Map.of())) {
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                long done = committed == null ? 0 : committed.offset();
                long now = System.nanoTime();
                if (done >= n) {
                    progress.printf(Locale.ROOT, "join: %,d waiting decisions in state after %.1f s%n", n,
                            seconds(now - start));
                    return;
                }
                if (now >= nextReport) {
                    progress.printf(Locale.ROOT, "join: %,d of %,d waiting decisions in state (%.0f s)%n", done, n,
                            seconds(now - start));
                    nextReport = now + TimeUnit.SECONDS.toNanos(30);
                }
                if (now - start > TimeUnit.HOURS.toNanos(2)) {
                    throw new IllegalStateException("the job took in only " + done + " of " + n
                            + " waiting decisions in 2 hours");
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the job took in the waiting decisions", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the job's committed offsets", e.getCause());
        }
    }

    /** RocksDB's background threads are settled once they use less than this share of a core over a probe. */
    static final double SETTLED_CORE_SHARE = 0.02;
    static final Duration SETTLE_PROBE = Duration.ofSeconds(5);
    static final Duration SETTLE_LIMIT = Duration.ofMinutes(15);

    /**
     * Waits until RocksDB has compacted the waiting decisions. Taken in at once, they leave minutes of compaction
     * behind (10⁷ decisions: 20-24 s of RocksDB's CPU in the timed part, against 2-3 s with 10⁵, session 18), which a
     * job that gathered them over hours would have done as they came. The clock starts after it, so that the figure
     * is the cost per record of a job with that state, not of loading it. Says how long it took and what it cost.
     */
    static void awaitCompactionSettled(PrintStream progress) {
        EnumMap<ProcessCpu.ThreadKind, Long> before = ProcessCpu.byKind();
        if (before.isEmpty()) {
            progress.println("join: cannot read per-thread CPU from /proc, so the clock starts without waiting for "
                    + "RocksDB's compaction of the waiting decisions");
            return;
        }
        long start = System.nanoTime();
        long first = before.getOrDefault(ProcessCpu.ThreadKind.ROCKSDB, 0L);
        long last = first;
        try {
            while (true) {
                Thread.sleep(SETTLE_PROBE.toMillis());
                long now = ProcessCpu.byKind().getOrDefault(ProcessCpu.ThreadKind.ROCKSDB, 0L);
                boolean settled = now - last < SETTLED_CORE_SHARE * SETTLE_PROBE.toNanos();
                long waited = System.nanoTime() - start;
                if (settled || waited > SETTLE_LIMIT.toNanos()) {
                    progress.printf(Locale.ROOT, "join: RocksDB's compaction of the waiting decisions %s after %.0f s "
                                    + "(%.1f s of its threads' CPU, not counted)%n",
                            settled ? "settled" : "still running, clock started anyway,", seconds(waited),
                            (now - first) / 1e9);
                    return;
                }
                last = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while RocksDB compacted the waiting decisions", e);
        }
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
