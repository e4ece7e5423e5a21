package dev.eddy.jobs.demo;

import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.connectors.kafka.EmbeddedKafka;
import dev.eddy.jobs.config.Durations;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.JoinAndLearn;
import org.apache.flink.core.execution.JobClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code eddy demo}: an embedded broker, the join job and the online learner job in one Flink job on a MiniCluster
 * ({@link JoinAndLearn}, RocksDB state, exactly-once sinks), simulated users A/B-split between the newest published
 * {@code neufastcb} version and a uniform baseline ({@link DemoTraffic}), and live lines until the duration or
 * {@code stop}, then a summary.
 */
public final class Demo {

    /** Short, so that examples and versions show up within seconds (exactly-once output is visible at each checkpoint). */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    /** Decisions in the running reward: about 10 s of one variant's traffic at the default rate. */
    static final int REWARD_WINDOW = 1000;

    /** How to run; {@code duration} null runs until {@code stop}. */
    public record Settings(Duration duration, double rate, Duration window, Duration every, Duration driftEvery,
                           long seed) {
        public Settings {
            if (!(rate > 0 && rate <= 50_000)) throw new IllegalArgumentException("--rate must be in (0, 50000]");
        }
    }

    /** What a run did: for the summary and for tests. */
    public record Summary(double seconds, DemoTraffic.Counts traffic, LiveCounts.Snapshot joined,
                          Map<String, RunningReward.Stat> reward, Map<String, Long> versions) {}

    private Demo() {}

    public static Summary run(Settings s, PrintStream out, CountDownLatch stop) throws Exception {
        Path work = Files.createTempDirectory("eddy-demo-");
        out.println("Starting embedded Kafka and a Flink MiniCluster (RocksDB state in " + work + ") ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), false)) {
            Map<String, String> v = new HashMap<>(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "checkpoint.dir", work.resolve("checkpoints").toUri().toString(),
                    "checkpoint.interval", CHECKPOINT_INTERVAL.toMillis() + "ms",
                    "join.window", s.window().toMillis() + "ms",
                    "join.max-out-of-orderness", "1s",
                    "join.idleness", "5s",
                    "join.dedup-retention", "1m"));
            // Light enough for 2 cores: NeuFastCB without Thompson noise (σ = 0 makes an update cheap), 2^8 hashed
            // dimensions with segment × item crosses; the uniform variant is not learned.
            v.put("learner.models", Variants.LEARNED + "=neufastcb:sigma=0");
            v.put("learner.default", "none");
            v.put("learner.hashing-bits", "8");
            v.put("learner.hashing-crosses", "user:item");
            v.put("learner.publish-every-updates", "0");
            v.put("learner.publish-interval", "1s");
            EddyConfig join = JoinAndLearn.config(v, "demo-join");
            EddyConfig learn = JoinAndLearn.config(v, "demo-learn");
            JoinAndLearn.ensureTopics(join, learn);
            JobClient job = JoinAndLearn.start(join, learn, null, "eddy-demo");
            var topics = EddyKeys.topics(join);
            LatestModels models = new LatestModels(kafka.bootstrapServers(), topics.models());
            RunningReward reward = new RunningReward(REWARD_WINDOW);
            SimulatedUsers users = new SimulatedUsers(s.seed(), s.driftEvery().toMillis());
            DemoTraffic traffic = new DemoTraffic(kafka.bootstrapServers(), topics.decisions(), topics.rewards(),
                    s.rate(), s.window(), users, models, reward, s.seed());
            LiveCounts counts = new LiveCounts(kafka.bootstrapServers(), topics.examples(), topics.deadLetters());
            Thread[] threads = {new Thread(traffic, "eddy-demo-traffic"), new Thread(counts, "eddy-demo-counts"),
                    new Thread(models, "eddy-demo-models")};
            for (Thread t : threads) t.start();
            try {
                out.printf("Kafka at %s; join + learner job %s; %.0f decisions/s, attribution window %s, tastes drift "
                                + "every %s; users split by hash into '%s' (newest published model) and '%s'.%n",
                        kafka.bootstrapServers(), job.getJobID(), s.rate(), Durations.format(s.window()),
                        Durations.format(s.driftEvery()), Variants.LEARNED, Variants.UNIFORM);
                out.println(s.duration() == null ? "Ctrl-C stops." : "Running for " + Durations.format(s.duration()) + ".");
                long start = System.nanoTime();
                long end = s.duration() == null ? Long.MAX_VALUE : start + s.duration().toNanos();
                while (System.nanoTime() < end && !stop.await(Math.min(s.every().toNanos(),
                        Math.max(1, end - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                    DemoReport.line(out, (System.nanoTime() - start) / 1e9, traffic.counts(), counts.snapshot(),
                            reward.snapshot(), models.versions());
                }
                traffic.stop();
                threads[0].join(10_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                // One checkpoint interval and a margin, so that what was already joined is committed and counted.
                Thread.sleep(CHECKPOINT_INTERVAL.toMillis() + 1000);
                Summary summary = new Summary(seconds, traffic.counts(), counts.snapshot(), reward.snapshot(),
                        models.versions());
                DemoReport.summary(out, summary);
                return summary;
            } finally {
                traffic.stop();
                counts.stop();
                models.stop();
                for (Thread t : threads) t.join(10_000);
                FlinkRuntime.cancelAndWait(job);
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans up what is left.
        }
    }
}
