package dev.eddy.tools.demo;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.config.Durations;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.jobs.runtime.JoinLearnRetrain;
import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.ServingApp;
import dev.eddy.serving.VariantPlan;
import dev.eddy.serving.drift.DriftGuardSettings;
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
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Short, so that examples and versions show up within seconds (exactly-once output is visible at each checkpoint).
     * After a taste drift an example passes two such commits (the join's, then the learner's version), so the
     * interval is most of the loop's lag beyond the join window. Measured 2026-12-07 (2-minute runs, seeds 1-3, load
     * average 3-12): a checkpoint took 85-190 ms, and the first version that learned from a decision after the drift
     * was served 5.9-6.5 s after it at 2 s, 3.8-4.5 s at 1 s and 3.4-3.6 s at 500 ms. (An earlier trial of 1 s, when
     * checkpoints took 1-2 s under load averages of 40-110, ran them back to back without a shorter lag.)
     */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
    /** Decisions in the running reward and the summary's recent figure: the last 15-25 s of a variant at 150/s. */
    static final int REWARD_WINDOW = 1000;
    /** How long after each taste drift the summary compares the variants' click rates. */
    static final Duration AFTER_DRIFT = Duration.ofSeconds(30);
    /** Sessions of the session experiment started per rank request of the single-shelf one (10/s at the default rate). */
    static final double SESSIONS_PER_REQUEST = 1 / 15.0;
    /** Sessions in the session experiment's recent figure. */
    static final int SESSION_WINDOW = 200;

    /** How to run; {@code duration} null runs until {@code stop}. */
    /** @param driftGuard whether serving watches the bandit variant's reward rate (serving.drift-guard) */
    public record Settings(Duration duration, double rate, Duration window, Duration every, Duration driftEvery,
                           long seed, boolean driftGuard) {
        public Settings {
            if (!(rate > 0 && rate <= 2_000)) throw new IllegalArgumentException("--rate must be in (0, 2000]");
        }

        /** With serving's drift guard. */
        public Settings(Duration duration, double rate, Duration window, Duration every, Duration driftEvery, long seed) {
            this(duration, rate, window, every, driftEvery, seed, true);
        }
    }

    /** What a run did: for the summary and for tests. */
    public record Summary(double seconds, HttpTraffic.Counts traffic, LiveCounts.Snapshot joined,
                          Map<String, RunningReward.Stat> reward, Map<String, Long> versions,
                          Map<String, HttpTraffic.VariantView> variants, EventLog.Counts logged,
                          ExperimentResults experiment, List<AfterDrift.Window> afterDrift,
                          Map<String, SessionRewards.Stat> sessions, ExperimentResults sessionExperiment,
                          List<DriftLag.Stages> driftLag) {}

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
            // One world for both experiments: the same users, tastes and drifts.
            SimulatedUsers users = new SimulatedUsers(s.seed(), s.driftEvery().toMillis());
            try (ServingApp serving = ServingApp.start(servingSettings(KafkaClientProperties.plaintext(kafka.bootstrapServers()), topics, experiments, s));
                 HttpTraffic traffic = new HttpTraffic(serving.baseUrl(), DemoExperiment.ID, users, new RunningReward(REWARD_WINDOW),
                         new AfterDrift(s.driftEvery().toMillis(), AFTER_DRIFT.toMillis()), s.window(), s.seed());
                 SessionTraffic sessions = new SessionTraffic(serving.baseUrl(), users, new SessionRewards(SESSION_WINDOW),
                         s.window(), s.seed())) {
                DriftLag driftLag = new DriftLag(DemoExperiment.BANDIT, s.driftEvery().toMillis());
                LiveCounts counts = new LiveCounts(KafkaClientProperties.plaintext(kafka.bootstrapServers()), topics.examples(),
                        topics.deadLetters(), driftLag);
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
                    driftLag.started(Instant.now());
                    long trafficStartMs = System.currentTimeMillis();
                    traffic.start(s.rate());
                    long start = System.nanoTime();
                    sessions.start(s.rate() * SESSIONS_PER_REQUEST, start);
                    long end = s.duration() == null ? Long.MAX_VALUE : start + s.duration().toNanos();
                    while (System.nanoTime() < end && !stop.await(Math.min(s.every().toNanos(),
                            Math.max(1, end - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                        DemoReport.line(out, (System.nanoTime() - start) / 1e9, traffic.counts(), counts.snapshot(),
                                reward.snapshot(), traffic.variants(), serving.models().current().versions(), traffic.lastError());
                        DemoReport.experimentLine(out, latestResults(client, DemoExperiment.ID));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long elapsedMs = traffic.elapsedMs();
                    traffic.close();
                    sessions.close();
                    // One checkpoint interval and a margin, so that what was already joined is committed and counted.
                    Thread.sleep(CHECKPOINT_INTERVAL.toMillis() + 1000);
                    Summary summary = new Summary(seconds, traffic.counts(), counts.snapshot(), reward.snapshot(),
                            serving.models().current().versions(), traffic.variantsWholeRun(), serving.logCounts(),
                            latestResults(client, DemoExperiment.ID), traffic.afterDrift().windows(elapsedMs),
                            sessions.rewards().snapshot(), latestResults(client, DemoExperiment.SESSIONS_ID),
                            driftLag.stages(Instant.now(), loaded(serving, DemoExperiment.BANDIT)));
                    DemoReport.summary(out, summary);
                    out.println(DemoReport.driftGuardLine(s.driftGuard(),
                            serving.driftGuards().episodes(DemoExperiment.BANDIT), trafficStartMs));
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

    /** The versions of {@code model} serving loaded, oldest first. */
    private static List<DriftLag.Loaded> loaded(ServingApp serving, String model) {
        return serving.models().history().byModel().getOrDefault(model, List.of()).stream()
                .map(v -> new DriftLag.Loaded(v.version(), v.createdAt(), v.loadedAt())).toList();
    }

    /** The experiments job's newest read-out of an experiment, through serving; null before the first. */
    private static ExperimentResults latestResults(ServingClient client, String experiment) throws InterruptedException {
        try {
            return client.latestResults(experiment).orElse(null);
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
                // Serving stamps decisions and the simulated clients rewards as they send them: 300 ms covers the
                // producers' batching; each 100 ms here is 100 ms of the loop's lag.
                "join.max-out-of-orderness", "300ms",
                "join.idleness", "5s",
                "join.dedup-retention", "1m"));
        // Light enough for 2 cores: NeuFastCB without Thompson noise (σ = 0 makes an update cheap), 2^8 hashed
        // dimensions with segment × item crosses; only the bandit variant's examples are learned.
        v.put("learner.models", DemoExperiment.BANDIT + "=neufastcb:sigma=0,drift=on");
        v.put("learner.default", "none");
        v.put("learner.hashing-bits", "8");
        v.put("learner.hashing-crosses", "user:item");
        v.put("learner.publish-every-updates", "0");
        v.put("learner.publish-interval", "1s");
        // The session experiment's FTRL policy (log-barrier FTRL, Algorithm 1 of Dai et al. 2023), learned per
        // finished session: a session ends 2 s after its last step; examples reach the learner up to a join window
        // out of order. Its step sizes are set for the few hundred sessions a run of minutes gives it.
        v.put("learner.session-models", DemoExperiment.FTRL + "=ftrl-logbarrier");
        v.put("learner.session-gap", "2s");
        v.put("learner.max-out-of-orderness", (s.window().toMillis() + 1000) + "ms");
        v.put("learner.idleness", "5s");
        v.put("learner.session-horizon", String.valueOf(SimulatedSessions.HORIZON));
        v.put("learner.session-hashing-bits", "5");
        v.put("learner.session-episodes", "500");
        // A small MF (100 users x 40 items) retrained every 10 s from the clicks, on the CPU. Each user's history
        // keeps the last 30 s of clicks: tastes drift every minute, and the clicks from before a drift would keep
        // the model recommending what users liked then (measured: mf 18 % below uniform in the minute after a drift).
        v.put("retrain.model", DemoExperiment.MF_MODEL);
        v.put("retrain.interval", "10s");
        v.put("retrain.every-interactions", "1500");
        v.put("retrain.history-max-age", "30s");
        v.put("retrain.min-interactions", "150");
        // Small batches: a window holds 1,000-2,000 clicks, so batches of 512 gave a retrain some 30 optimizer steps
        // and the embeddings hardly left their initialisation (measured: mf at uniform's click rate after 2 minutes).
        v.put("retrain.epochs", "20");
        v.put("retrain.warmup-epochs", "2");
        v.put("retrain.dim", "16");
        v.put("retrain.batch-size", "64");
        v.put("retrain.learning-rate", "0.02");
        v.put("retrain.device", "cpu");
        v.put("retrain.snapshot-dir", work.resolve("snapshots").toString());
        return v;
    }

    private static ServingApp.Settings servingSettings(KafkaClientProperties kafka, dev.eddy.events.kafka.EddyTopics topics,
                                                       Path experiments, Settings s) {
        ServingServer.Settings http = new ServingServer.Settings("127.0.0.1", 0, 1 << 20, RequestLimits.DEFAULT,
                ApiKeys.disabled());
        RecommendationService.Settings service = new RecommendationService.Settings(
                new VariantPlan("uniform", DemoExperiment.MF_MODEL, null, Map.of()), 100, true, 0.1, topics);
        // The guard's horizon: every click but the deliberately late ones has come by then.
        DriftGuardSettings guard = DriftGuardSettings.OFF.withEnabled(s.driftGuard())
                .withHorizon(HttpTraffic.longestClickDelay(s.window()));
        return new ServingApp.Settings(kafka, topics, http, service, experiments, 100_000,
                10_000, 200, Duration.ofMinutes(10), 100_000).withDriftGuard(guard);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory; the OS cleans up what is left.
        }
    }
}
