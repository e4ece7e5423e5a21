package dev.eddy.jobs.learn;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.LearnerKafka;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The learner job on the in-process KRaft broker and a Flink MiniCluster with RocksDB and exactly-once sinks. */
class LearnerJobEmbeddedIT {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static final LearnerSpec NEU = new LearnerSpec("neufastcb", Map.of("width", "16"));
    private static final LearnerSpec LIN = new LearnerSpec("squarecb-linear", Map.of());

    @TempDir
    Path tmp;

    private EddyConfig config(String suffix, Map<String, String> extra) {
        Map<String, String> v = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", KAFKA.get().bootstrapServers(),
                "kafka.group-id", "learn-" + suffix,
                "topics.examples", "examples-" + suffix,
                "topics.models", "models-" + suffix,
                "topics.dead-letters", "dead-" + suffix,
                // One partition: a model's examples reach its learner in one order, so runs compare exactly.
                "topics.partitions", "1",
                "checkpoint.dir", tmp.toUri().toString(),
                "checkpoint.interval", "500ms",
                "learner.models", "prod=neufastcb:width=16",
                "learner.default", "squarecb-linear"));
        v.put("learner.hashing-bits", "8");
        v.put("learner.hashing-crosses", "user:item");
        v.put("learner.seed", "7");
        v.put("learner.block-bytes", "4096");
        v.put("learner.publish-interval", "300ms");
        v.putAll(extra);
        EddyConfig c = EddyConfig.of(v, EddyKeys.all());
        LearnerJob.ensureTopics(c);
        return c;
    }

    private static JobClient start(EddyConfig c) throws Exception {
        StreamExecutionEnvironment env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
        LearnerJob.build(env, c, LearnerKafka.inputs(c), LearnerKafka.outputs(c));
        return env.executeAsync(LearnerJob.NAME);
    }

    private static void stop(JobClient job) throws Exception {
        FlinkRuntime.cancelAndWait(job);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return TestProducers.create(KAFKA.get().bootstrapServers());
    }

    private static void send(KafkaProducer<String, byte[]> producer, EddyConfig c, List<JoinedExample> examples) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sends = new ArrayList<>();
        for (JoinedExample e : examples) {
            sends.add(producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_EXAMPLES), e.decision().eventId(),
                    EventJson.write(e))));
        }
        producer.flush();
        TestProducers.awaitAll(sends);
    }

    /** Reads committed versions until {@code model} has one that includes {@code updates} updates. */
    private static List<ModelVersion> versionsUntil(EddyConfig c, String model, long updates) {
        return ModelTopicReader.read(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                vs -> vs.stream().anyMatch(v -> v.model().equals(model) && updates(v) >= updates),
                Duration.ofSeconds(50), Duration.ofSeconds(50)).versions();
    }

    private static long updates(ModelVersion v) {
        return Math.round(v.manifest().metrics().get("updates"));
    }

    private static List<Long> versionNumbers(List<ModelVersion> all, String model) {
        return all.stream().filter(v -> v.model().equals(model)).map(ModelVersion::version).toList();
    }

    private static List<JoinedExample> interleave(List<JoinedExample> a, List<JoinedExample> b) {
        List<JoinedExample> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) out.add(a.get(i));
            if (i < b.size()) out.add(b.get(i));
        }
        return out;
    }

    @Test
    void publishedVersionsRestoreToTheLearnerTrainedInPureJava() throws Exception {
        EddyConfig c = config("publish", Map.of("learner.publish-every-updates", "100"));
        List<JoinedExample> prod = LearnExamples.examples("prod", null, 500, 11);
        List<JoinedExample> b = LearnExamples.examples("prod", "b", 400, 12); // variant b → the default learner
        Map<String, RecordMetadata> bad = new HashMap<>();
        try (var producer = producer()) {
            send(producer, c, interleave(prod, b));
            JoinedExample noModel = LearnExamples.examples("x", null, 1, 13).get(0);
            var d = noModel.decision();
            noModel = new JoinedExample(dev.eddy.events.event.Decision.builder().eventId(d.eventId()).timestamp(d.timestamp())
                    .context(d.context()).candidates(d.candidates()).chosen(d.chosen()).probabilities(d.probabilities())
                    .build(), noModel.rewards(), noModel.reward(), noModel.rewardObserved(), noModel.windowEnd());
            for (var e : Map.of("{not json", "malformed JSON",
                    "{\"decision\":{\"eventId\":\"q\"},\"reward\":1,\"rewardObserved\":false,\"windowEnd\":\"2026-01-01T00:00:00Z\"}", "timestamp",
                    new String(EventJson.write(noModel), StandardCharsets.UTF_8), "neither variant nor policy").entrySet()) {
                bad.put(e.getValue(), producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_EXAMPLES), "k",
                        e.getKey().getBytes(StandardCharsets.UTF_8))).get());
            }
        }
        JobClient job = start(c);
        try {
            List<ModelVersion> all = versionsUntil(c, "prod", LearnExamples.learnable(prod));
            all = versionsUntil(c, "b", LearnExamples.learnable(b));
            for (String model : List.of("prod", "b")) {
                List<Long> numbers = versionNumbers(all, model);
                assertThat(numbers).as("versions of %s", model).isNotEmpty();
                for (int i = 0; i < numbers.size(); i++) assertThat(numbers.get(i)).isEqualTo(i + 1L);
            }
            Map<String, ModelVersion> latest = new ModelTopicReader.Result(all, List.of(), 0).latest();
            for (String model : List.of("prod", "b")) {
                List<JoinedExample> mine = model.equals("prod") ? prod : b;
                LearnerSpec spec = model.equals("prod") ? NEU : LIN;
                ModelVersion last = latest.get(model);
                assertThat(updates(last)).isEqualTo(LearnExamples.learnable(mine));
                assertThat(last.blocks()).as("chunked at 4096 bytes").hasSizeGreaterThan(1);
                BanditModelSpec published = BanditModelSpec.fromManifest(last.manifest());
                ContextualBandit restored = BanditModelSpec.restore(last);
                ContextualBandit expected = LearnExamples.reference(spec.learner(), spec.params(), published.hashing(), 7, mine);
                assertThat(OpaqueBlocks.payload(last)).isEqualTo(expected.snapshot());
                // Same predictions: the same choice distribution for every decision and the same draws.
                var enc = published.encoder();
                SplittableRandom r1 = new SplittableRandom(5);
                SplittableRandom r2 = new SplittableRandom(5);
                for (JoinedExample e : mine.subList(0, 50)) {
                    BanditRound round = enc.encode(e.decision());
                    var x = restored.choose(round, r1);
                    var y = expected.choose(round, r2);
                    assertThat(x.distribution()).isEqualTo(y.distribution());
                    assertThat(x.action()).isEqualTo(y.action());
                }
            }
            List<DeadLetter> dead = new ArrayList<>();
            for (byte[] r : readDead(c, bad.size())) {
                dead.add(EventJson.parseDeadLetter(r));
            }
            assertThat(dead).hasSize(bad.size());
            for (var e : bad.entrySet()) {
                assertThat(dead).as(e.getKey()).anySatisfy(dl -> {
                    assertThat(dl.reason()).contains(e.getKey());
                    assertThat(dl.sourceTopic()).isEqualTo(e.getValue().topic());
                    assertThat(dl.partition()).isEqualTo(e.getValue().partition());
                    assertThat(dl.offset()).isEqualTo(e.getValue().offset());
                    assertThat(dl.stage()).isEqualTo("learn/parse-example");
                });
            }
        } finally {
            stop(job);
        }
    }

    private static List<byte[]> readDead(EddyConfig c, int expected) {
        List<byte[]> out = new ArrayList<>();
        try (var consumer = dev.eddy.events.kafka.CommittedReader.fromBeginning(KafkaClientProperties.from(c),
                List.of(c.get(KafkaKeys.TOPIC_DEAD_LETTERS)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                // Once all are there, read a second more to catch extras.
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + 1_000_000_000L;
            }
        }
        return out;
    }

    @Test
    void cancelAndRestoreFromTheLastCheckpointEqualsAnUninterruptedRun() throws Exception {
        EddyConfig c = config("restore", Map.of("learner.publish-every-updates", "150"));
        List<JoinedExample> all = LearnExamples.examples("prod", null, 1500, 21);
        List<ModelVersion> beforeStop;
        JobClient job;
        try (var producer = producer()) {
            send(producer, c, all.subList(0, 900));
            job = start(c);
            // A committed version means at least one checkpoint completed with learning in it.
            beforeStop = versionsUntil(c, "prod", 300);
            stop(job);
            send(producer, c, all.subList(900, all.size()));
        }
        assertThat(beforeStop).isNotEmpty();
        Path checkpoint = latestCheckpoint(tmp, job.getJobID().toHexString());
        EddyConfig restored = EddyConfig.of(Map.of(), EddyKeys.all());
        for (var e : c.effective().entrySet()) if (e.getValue() != null) restored.set(e.getKey(), e.getValue());
        restored.set("job.restore-from", checkpoint.toUri().toString());
        JobClient job2 = start(restored);
        try {
            long learnable = LearnExamples.learnable(all);
            List<ModelVersion> versions = versionsUntil(c, "prod", learnable);
            ModelVersion last = versions.get(versions.size() - 1);
            assertThat(updates(last)).isEqualTo(learnable);
            ContextualBandit uninterrupted = LearnExamples.reference(NEU.learner(), NEU.params(),
                    BanditModelSpec.fromManifest(last.manifest()).hashing(), 7, all);
            assertThat(OpaqueBlocks.payload(last)).as("no lost and no double-applied update").isEqualTo(uninterrupted.snapshot());
            // Every committed version, in topic order, across the restore: 1, 2, 3, ... with no gap or repeat.
            List<Long> numbers = versionNumbers(versions, "prod");
            for (int i = 0; i < numbers.size(); i++) assertThat(numbers.get(i)).isEqualTo(i + 1L);
            assertThat(numbers.size()).isGreaterThan(beforeStop.size());
            // And each version's parameters are the learner's after exactly its number of updates.
            for (ModelVersion v : versions) {
                List<JoinedExample> prefix = new ArrayList<>();
                for (JoinedExample e : all) {
                    if (LearnExamples.learnable(prefix) == updates(v)) break;
                    prefix.add(e);
                }
                assertThat(OpaqueBlocks.payload(v)).as("version %d", v.version()).isEqualTo(
                        LearnExamples.reference(NEU.learner(), NEU.params(),
                                BanditModelSpec.fromManifest(v.manifest()).hashing(), 7, prefix).snapshot());
            }
        } finally {
            stop(job2);
        }
    }

    @Test
    void aFreshStartWithoutACheckpointPublishesAboveTheVersionsOfTheRunBefore() throws Exception {
        EddyConfig c = config("fresh", Map.of("learner.publish-every-updates", "100"));
        List<JoinedExample> all = LearnExamples.examples("prod", null, 600, 31);
        List<JoinedExample> second = all.subList(300, all.size());
        long lastOfFirst;
        try (var producer = producer()) {
            send(producer, c, all.subList(0, 300));
            JobClient job = start(c);
            versionsUntil(c, "prod", 200);
            stop(job);
            lastOfFirst = ModelTopicReader.readAll(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                    Duration.ofSeconds(2)).latest().get("prod").version();
            send(producer, c, second);
        }
        assertThat(lastOfFirst).isGreaterThanOrEqualTo(2);
        // The same job again without job.restore-from: empty state, a new learner whose update count starts at 0.
        JobClient job = start(c);
        try {
            long learnable = LearnExamples.learnable(second);
            List<ModelVersion> versions = ModelTopicReader.read(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                    vs -> vs.stream().anyMatch(v -> v.version() > lastOfFirst && updates(v) >= learnable),
                    Duration.ofSeconds(50), Duration.ofSeconds(50)).versions();
            List<Long> numbers = versionNumbers(versions, "prod");
            assertThat(numbers).as("every committed version, in topic order").hasSizeGreaterThan((int) lastOfFirst);
            for (int i = 0; i < numbers.size(); i++) assertThat(numbers.get(i)).isEqualTo(i + 1L);
            ModelVersion last = versions.get(versions.size() - 1);
            assertThat(updates(last)).isGreaterThanOrEqualTo(learnable);
        } finally {
            stop(job);
        }
    }

    @Test
    void sessionsClosedByTheWatermarkBecomeEpisodesOfTheSessionPolicy() throws Exception {
        // Parallelism 1: sessions reach the policy in the order their windows close (see LearnerJob).
        EddyConfig c = config("sessions", Map.of("job.parallelism", "1",
                "learner.session-models", "journey=ftrl-logbarrier:batch=4",
                "learner.session-gap", "5m", "learner.session-horizon", "4",
                "learner.publish-every-updates", "10",
                // Versions by count only: a time-based publish between two sessions of a loaded machine adds a version.
                "learner.publish-interval", "0s"));
        List<List<JoinedExample>> sessions = LearnExamples.sessions("journey", 30, 4, 41);
        // Steps arrive out of order within a session; the job orders them by step.
        List<JoinedExample> input = new ArrayList<>();
        for (List<JoinedExample> s : sessions) {
            input.add(s.get(1));
            input.add(s.get(0));
            input.addAll(s.subList(2, s.size()));
        }
        // A later session that closes none of its own but moves the watermark past all the others.
        List<JoinedExample> sentinel = LearnExamples.sessions("journey", 100, 1, 42).get(99);
        input.addAll(sentinel);
        JoinedExample noSession = LearnExamples.examples("journey", null, 1, 43).get(0);
        input.add(noSession);
        try (var producer = producer()) {
            send(producer, c, input);
        }
        JobClient job = start(c);
        try {
            List<ModelVersion> versions = versionsUntil(c, "journey", 30);
            assertThat(versionNumbers(versions, "journey")).containsExactly(1L, 2L, 3L);
            ModelVersion last = versions.get(versions.size() - 1);
            SessionModelSpec spec = SessionModelSpec.fromManifest(last.manifest());
            SessionPolicy expected = spec.create();
            for (List<JoinedExample> s : sessions) expected.learn(LearnExamples.episode(s, spec.hashing()));
            assertThat(OpaqueBlocks.payload(last)).isEqualTo(expected.snapshot());
            assertThat(SessionModelSpec.restore(last).snapshot()).isEqualTo(expected.snapshot());
            assertThat(readDead(c, 1)).singleElement().satisfies(b ->
                    assertThat(EventJson.parseDeadLetter(b).reason()).contains("learns per session, but the decision has no sessionId"));
        } finally {
            stop(job);
        }
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
