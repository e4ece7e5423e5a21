package dev.eddy.tools.bench;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.learn.LearnerJob;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.LearnerKafka;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the learner job ({@code eddy bench learn}): N pre-produced examples of one model in an embedded
 * broker, consumed by the learner job on a MiniCluster (RocksDB, exactly-once sink). The model publishes every N/10
 * updates; each manifest carries its update count and the processing time it was made at, so the steady rate is
 * (updates of the last − of the first version in the window) / (their time difference): start-up and the final
 * commit are not in it. The window starts at the first version that holds a {@code warmup} share of the examples:
 * until then the JIT compilers are still busy (in a run of 200,000 examples they took 40 % of the process's CPU
 * samples), which JMH leaves out with its warm-up iterations.
 *
 * <p>The input mirrors the pure-Java JMH benchmark of bandits ({@code NeuCbThroughput}: 2×64 hidden units,
 * 2^7 = 128 hashed dimensions, K = 10 candidates), but that benchmark times a whole round (predict all K, sample,
 * one update) while the job only learns (one update, and parsing and hashing the example).
 */
public final class LearnBenchmark {
    static final int ACTIONS = 10;

    private LearnBenchmark() {}

    /**
     * {@code cpuNanos}: this JVM's process CPU time from the first version seen after the warm-up's
     * {@code warmUpdates} to the last, during which
     * {@code cpuUpdates} updates were made; the broker runs in this JVM, so {@link #cpuMicrosPerExample} bounds the
     * job's own steady cost from above (unlike wall time, other processes on a shared machine do not inflate it).
     */
    public record Result(long examples, long updates, long warmUpdates, double steadyPerSecond, double endToEndSeconds,
                         int versions, long cpuNanos, long cpuUpdates) {
        public double cpuMicrosPerExample() {
            return cpuNanos / 1e3 / cpuUpdates;
        }

        public String report() {
            return String.format(Locale.ROOT, "examples %d, updates %d, versions %d%n"
                    + "steady learner throughput (after a warm-up of %d updates): %.0f examples/s%n"
                    + "end to end (submission to last committed version): %.1f s = %.0f examples/s%n"
                    + "process CPU, after the warm-up to the last version (broker included): %.1f cpu-us/example = "
                    + "%.0f examples/s/core%n",
                    examples, updates, versions, warmUpdates, steadyPerSecond, endToEndSeconds,
                    examples / endToEndSeconds, cpuMicrosPerExample(), 1e6 / cpuMicrosPerExample());
        }
    }

    public static Result run(int n, double warmup, Map<String, String> overrides, PrintStream progress)
            throws Exception {
        long warmUpdates = (long) Math.ceil(warmup * n);
        Path work = Files.createTempDirectory("eddy-bench-learn-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), true)) {
            Map<String, String> v = new HashMap<>();
            v.put("kafka.bootstrap-servers", kafka.bootstrapServers());
            v.put("kafka.group-id", "bench-learn");
            v.put("topics.partitions", "1");
            v.put("checkpoint.dir", work.resolve("checkpoints").toUri().toString());
            v.put("checkpoint.interval", "2s");
            v.put("learner.models", "prod=neufastcb");
            v.put("learner.hashing-bits", "7");
            v.put("learner.publish-every-updates", String.valueOf(Math.max(1, n / 10)));
            v.put("learner.publish-interval", "0s");
            v.putAll(overrides);
            EddyConfig c = EddyConfig.of(v, EddyKeys.all());
            LearnerJob.ensureTopics(c);
            progress.println("producing " + n + " examples ...");
            produce(KafkaClientProperties.plaintext(kafka.bootstrapServers()), c.get(KafkaKeys.TOPIC_EXAMPLES), n);
            var env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
            LearnerJob.build(env, c, LearnerKafka.inputs(c), LearnerKafka.outputs(c));
            long start = System.nanoTime();
            long[] cpuAtFirst = {-1};
            long[] updatesAtFirst = {0};
            JobClient job = env.executeAsync(LearnerJob.NAME);
            try {
                progress.println("learner job running; waiting for the version with every update ...");
                List<ModelVersion> versions = ModelTopicReader.read(KafkaClientProperties.plaintext(kafka.bootstrapServers()), c.get(KafkaKeys.TOPIC_MODELS),
                        vs -> {
                            if (!vs.isEmpty() && cpuAtFirst[0] < 0 && updates(vs.get(vs.size() - 1)) >= warmUpdates) {
                                cpuAtFirst[0] = ProcessCpu.process();
                                updatesAtFirst[0] = updates(vs.get(vs.size() - 1));
                            }
                            return !vs.isEmpty() && updates(vs.get(vs.size() - 1)) >= n;
                        }, Duration.ofMinutes(10),
                        Duration.ofMinutes(30)).versions();
                double seconds = (System.nanoTime() - start) / 1e9;
                long cpu = ProcessCpu.process() - cpuAtFirst[0];
                List<ModelVersion> window = versions.stream().filter(x -> updates(x) >= warmUpdates).toList();
                if (window.size() < 2) throw new IllegalStateException("fewer than two versions after the warm-up");
                ModelVersion first = window.get(0);
                ModelVersion last = versions.get(versions.size() - 1);
                double dt = Duration.between(first.manifest().createdAt(), last.manifest().createdAt()).toNanos() / 1e9;
                return new Result(n, updates(last), warmUpdates, (updates(last) - updates(first)) / dt, seconds,
                        versions.size(), cpu, updates(last) - updatesAtFirst[0]);
            } finally {
                FlinkRuntime.cancelAndWait(job);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long updates(ModelVersion v) {
        return Math.round(v.manifest().metrics().get("updates"));
    }

    /** N rewarded examples, 10 candidates each with a few features, a user context; none skipLearn. */
    private static void produce(KafkaClientProperties kafka, String topic, int n) {
        Map<String, Object> p = new HashMap<>();
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(256 * 1024));
        SplittableRandom r = new SplittableRandom(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Candidate> candidates = new ArrayList<>();
        for (int a = 0; a < ACTIONS; a++) {
            candidates.add(new Candidate("item" + a, Map.of("item", Map.of("id=item" + a, 1.0, "price", 0.1 * a))));
        }
        try (var producer = kafka.producer(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                Instant t = t0.plusMillis(i);
                int chosen = r.nextInt(ACTIONS);
                int segment = r.nextInt(20);
                // Drawn in this order (user, then age): the seeded examples stay the same.
                Decision d = Decision.builder().eventId("e" + i).timestamp(t).userId("u" + r.nextInt(1000)).policy("prod")
                        .context(Map.of("user", Map.of("segment=" + segment, 1.0, "age", r.nextDouble())))
                        .candidates(candidates).chosen(List.of(chosen)).probabilities(List.of(1.0 / ACTIONS)).build();
                double reward = (segment + chosen) % 4 == 0 ? 1.0 : 0.0;
                JoinedExample e = new JoinedExample(d, List.of(Reward.of(d.eventId(), t.plusMillis(100), reward)), reward,
                        true, t.plusSeconds(10));
                producer.send(new ProducerRecord<>(topic, d.eventId(), EventJson.write(e)));
            }
        }
    }
}
