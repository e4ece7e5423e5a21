package dev.eddy.tools.demo;

import dev.eddy.events.config.KafkaKeys;

import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.config.Durations;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.jobs.runtime.JoinLearnRetrain;
import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.VariantPlan;
import dev.eddy.serving.client.ServingClient;
import dev.eddy.serving.http.ApiKeys;
import dev.eddy.serving.http.RequestLimits;
import dev.eddy.serving.http.ServingServer;
import dev.eddy.serving.log.EventLog;
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
 * {@code eddy demo}: the whole loop on one machine. An embedded broker; the join, online learner and retrain jobs in
 * one Flink job on a MiniCluster (RocksDB state, exactly-once sinks); serving over HTTP on a free port with the demo
 * experiment; and simulated users ({@link HttpTraffic}) asking serving for recommendations and clicking with delays.
 * Decisions, rewards and clicks go through Kafka into the jobs, whose model versions come back to serving.
 */
public final class Demo {

    /** Short, so that examples and versions show up within seconds (exactly-once output is visible at each checkpoint). */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    /** Decisions in the running reward: about 10 s of one variant's traffic at the default rate. */
    static final int REWARD_WINDOW = 800;

    /** How to run; {@code duration} null runs until {@code stop}. */
    public record Settings(Duration duration, double rate, Duration window, Duration every, Duration driftEvery,
                           long seed) {
        public Settings {
            if (!(rate > 0 && rate <= 2_000)) throw new IllegalArgumentException("--rate must be in (0, 2000]");
        }
    }

    /** What a run did: for the summary and for tests. */
    public record Summary(double seconds, HttpTraffic.Counts traffic, LiveCounts.Snapshot joined,
                          Map<String, RunningReward.Stat> reward, Map<String, Long> versions,
                          Map<String, HttpTraffic.VariantView> variants, EventLog.Counts logged,
                          ExperimentResults experiment) {}

    private Demo() {}

    public static Summary run(Settings s, PrintStream out, CountDownLatch stop) throws Exception {
        Path work = Files.createTempDirectory("eddy-demo-");
        out.println("Starting embedded Kafka and a Flink MiniCluster (RocksDB state in " + work + ") ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), false)) {
            Path experiments = DemoExperiment.write(work);
            Map<String, String> v = jobConfig(kafka.bootstrapServers(), work, s);
            v.put("experiments.file", experiments.toString());
            JoinLearnRetrain.Configs configs = JoinLearnRetrain.Configs.of(v, "demo");
            JoinLearnRetrain.ensureTopics(configs);
            JobClient job = JoinLearnRetrain.start(configs, null, "eddy-demo");
            var topics = KafkaKeys.topics(configs.join());
            try (ServingApp serving = ServingApp.start(servingSettings(kafka.bootstrapServers(), topics, experiments));
                 HttpTraffic traffic = new HttpTraffic(serving.baseUrl(), DemoExperiment.ID,
                         new SimulatedUsers(s.seed(), s.driftEvery().toMillis()), new RunningReward(REWARD_WINDOW),
                         s.window(), s.seed())) {
                LiveCounts counts = new LiveCounts(kafka.bootstrapServers(), topics.examples(), topics.deadLetters());
                Thread countsThread = new Thread(counts, "eddy-demo-counts");
                countsThread.start();
                try {
                    out.printf("Serving at %s (dashboard %s/dashboard, metrics %s/metrics); Kafka at %s; join + learner "
                                    + "+ retrain + experiments job %s.%n", serving.baseUrl(), serving.baseUrl(), serving.baseUrl(),
                            kafka.bootstrapServers(), job.getJobID());
                    out.printf("Simulated users: %.0f requests/s to POST /v1/rank in experiment '%s' (variants %s: "
                                    + "NeuFastCB learned online, %s: MF top-1 from the retrain job, %s), clicks after up "
                                    + "to %s, tastes drift every %s.%n", s.rate(), DemoExperiment.ID,
                            DemoExperiment.BANDIT, DemoExperiment.MF, DemoExperiment.UNIFORM,
                            Durations.format(s.window()), Durations.format(s.driftEvery()));
                    out.println(s.duration() == null ? "Ctrl-C stops." : "Running for " + Durations.format(s.duration()) + ".");
                    RunningReward reward = traffic.reward();
                    ServingClient client = new ServingClient(serving.baseUrl());
                    traffic.start(s.rate());
                    long start = System.nanoTime();
                    long end = s.duration() == null ? Long.MAX_VALUE : start + s.duration().toNanos();
                    while (System.nanoTime() < end && !stop.await(Math.min(s.every().toNanos(),
                            Math.max(1, end - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                        DemoReport.line(out, (System.nanoTime() - start) / 1e9, traffic.counts(), counts.snapshot(),
                                reward.snapshot(), traffic.variants(), serving.models().current().versions(), traffic.lastError());
                        DemoReport.experimentLine(out, latestResults(client));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    traffic.close();
                    // One checkpoint interval and a margin, so that what was already joined is committed and counted.
                    Thread.sleep(CHECKPOINT_INTERVAL.toMillis() + 1000);
                    Summary summary = new Summary(seconds, traffic.counts(), counts.snapshot(), reward.snapshot(),
                            serving.models().current().versions(), traffic.variantsWholeRun(), serving.logCounts(),
                            latestResults(client));
                    DemoReport.summary(out, summary);
                    return summary;
                } finally {
                    counts.stop();
                    countsThread.join(10_000);
                }
            } finally {
                FlinkRuntime.cancelAndWait(job);
            }
        } finally {
            deleteQuietly(work);
        }
    }

    /** The experiments job's newest read-out of the demo experiment, through serving; null before the first. */
    private static ExperimentResults latestResults(ServingClient client) throws InterruptedException {
        try {
            return client.latestResults(DemoExperiment.ID).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> jobConfig(String bootstrap, Path work, Settings s) {
        Map<String, String> v = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "checkpoint.dir", work.resolve("checkpoints").toUri().toString(),
                "checkpoint.interval", CHECKPOINT_INTERVAL.toMillis() + "ms",
                "join.window", s.window().toMillis() + "ms",
                "join.max-out-of-orderness", "1s",
                "join.idleness", "5s",
                "join.dedup-retention", "1m"));
        // Light enough for 2 cores: NeuFastCB without Thompson noise (σ = 0 makes an update cheap), 2^8 hashed
        // dimensions with segment × item crosses; only the bandit variant's examples are learned.
        v.put("learner.models", DemoExperiment.BANDIT + "=neufastcb:sigma=0");
        v.put("learner.default", "none");
        v.put("learner.hashing-bits", "8");
        v.put("learner.hashing-crosses", "user:item");
        v.put("learner.publish-every-updates", "0");
        v.put("learner.publish-interval", "1s");
        // A small MF (1,000 users x 40 items) retrained every 20 s from the clicks, on the CPU.
        v.put("retrain.model", DemoExperiment.MF_MODEL);
        v.put("retrain.interval", "20s");
        v.put("retrain.every-interactions", "3000");
        v.put("retrain.min-interactions", "300");
        v.put("retrain.epochs", "15");
        v.put("retrain.warmup-epochs", "2");
        v.put("retrain.dim", "16");
        v.put("retrain.batch-size", "512");
        v.put("retrain.learning-rate", "0.01");
        v.put("retrain.device", "cpu");
        v.put("retrain.snapshot-dir", work.resolve("snapshots").toString());
        return v;
    }

    private static ServingApp.Settings servingSettings(String bootstrap, dev.eddy.events.kafka.EddyTopics topics,
                                                       Path experiments) {
        ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 1 << 20, RequestLimits.DEFAULT,
                ApiKeys.disabled());
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("uniform", DemoExperiment.MF_MODEL, null, Map.of()), 100, true, 0.1, topics);
        return new ServingApp.Settings(bootstrap, topics, http, service, experiments, 100_000,
                10_000, 200, Duration.ofMinutes(10), 100_000);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans up what is left.
        }
    }
}
