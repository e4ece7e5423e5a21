package dev.eddy.jobs.join;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.testing.TestKafka;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.JoinKafka;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The join job on a real broker and a Flink MiniCluster with RocksDB state and exactly-once sinks. Written once,
 * run against every kind of {@link TestKafka}.
 */
abstract class JoinJobContract {

    abstract TestKafka kafka();

    @TempDir
    Path tmp;

    /** One decision and the rewards it is expected to end up with. */
    record Expected(double reward, boolean observed, int rewardCount) {}

    private static JobClient start(EddyConfig config) throws Exception {
        StreamExecutionEnvironment env = FlinkRuntime.environment(config, FlinkRuntime.Target.LOCAL);
        JoinJob.build(env, config, JoinKafka.inputs(config), JoinKafka.outputs(config));
        return env.executeAsync(JoinJob.NAME);
    }

    /** Cancels and waits until the job is gone, so that nothing of it overlaps the next job. */
    static void stop(JobClient job) throws Exception {
        FlinkRuntime.cancelAndWait(job);
    }

    /** Waits for {@code n} committed examples, reads a little longer to catch extras, and indexes them. */
    private static Map<String, JoinedExample> examples(JoinTestKit kit, int n, java.util.Collection<String> ids,
                                                       JobClient job) throws Exception {
        int seen = kit.readUntil(kit.examplesTopic(), r -> r.size() >= n, Duration.ofSeconds(120)).size();
        if (seen < n) {
            assertThat(seen).as("committed examples within 120 s; %s", kit.shortfall(kit.examplesTopic(), ids, job))
                    .isGreaterThanOrEqualTo(n);
        }
        return byEventId(kit.readAll(kit.examplesTopic(), Duration.ofSeconds(3)));
    }

    private static Map<String, JoinedExample> byEventId(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, JoinedExample> out = new HashMap<>();
        for (var r : records) {
            JoinedExample e = EventJson.parseExample(r.value());
            assertThat(out.put(e.decision().eventId(), e)).as("duplicate example for %s", e.decision().eventId()).isNull();
            assertThat(r.key()).isEqualTo(e.decision().eventId());
        }
        return out;
    }

    @Test
    void everyDecisionYieldsExactlyOneExampleWithItsRewardsAcrossOutOfOrderArrival() throws Exception {
        try (JoinTestKit kit = new JoinTestKit(kafka(), "ooo-" + kafka().kind(), tmp,
                Map.of("join.default-reward", "-0.25"))) {
            int n = 300;
            Random random = new Random(42);
            List<Object> sends = new ArrayList<>();
            Map<String, Expected> expected = new LinkedHashMap<>();
            List<Object> early = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "d" + i;
                Instant t = JoinTestKit.T0.plusMillis(i * 50L);
                Decision d = TestEvents.decision(id, t);
                sends.add(d);
                if (i % 7 == 0) sends.add(d); // redelivered decision
                List<Reward> rewards = new ArrayList<>();
                if (i % 3 == 0) rewards.add(Reward.of(id, t.plusMillis(500), 1.0));
                if (i % 3 == 1) {
                    rewards.add(Reward.of(id, t.plusMillis(300), 0.5));
                    rewards.add(Reward.of(id, t.plusMillis(1500), 2.0));
                }
                double sum = rewards.stream().mapToDouble(Reward::value).sum();
                expected.put(id, rewards.isEmpty() ? new Expected(-0.25, false, 0) : new Expected(sum, true, rewards.size()));
                for (Reward r : rewards) {
                    (i % 10 == 5 ? early : sends).add(r);
                    if (i % 11 == 0) sends.add(r); // redelivered reward
                }
            }
            Reward late = Reward.of("d4", JoinTestKit.T0.plusMillis(4 * 50 + 3000), 9.0);
            sends.add(late);
            // Shuffle by event time plus jitter well inside the allowed out-of-orderness.
            Map<Object, Long> jitter = new HashMap<>();
            for (Object o : sends) jitter.put(o, time(o) + random.nextInt(800));
            sends.sort(Comparator.comparingLong(jitter::get));
            early.forEach(kit::send0);
            sends.forEach(kit::send0);
            kit.sendWatermarkSentinels(JoinTestKit.T0.plus(Duration.ofHours(1)));
            kit.flush();

            JobClient job = start(kit.config);
            try {
                Map<String, JoinedExample> got = examples(kit, n, expected.keySet(), job);
                assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
                expected.forEach((id, e) -> {
                    JoinedExample ex = got.get(id);
                    assertThat(ex.reward()).as("reward of %s", id).isEqualTo(e.reward());
                    assertThat(ex.rewardObserved()).as("observed %s", id).isEqualTo(e.observed());
                    assertThat(ex.rewards()).as("rewards of %s", id).hasSize(e.rewardCount());
                    assertThat(ex.decision()).isEqualTo(TestEvents.decision(id, ex.decision().timestamp()));
                    assertThat(ex.windowEnd()).isEqualTo(ex.decision().timestamp().plusSeconds(2));
                });
                List<DeadLetter> dead = deadLetters(kit, 1);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).reason()).startsWith("late reward");
                assertThat(dead.get(0).sourceTopic()).isEqualTo(kit.rewardsTopic());
                assertThat(dead.get(0).offset()).isNotNull();
                assertThat(EventJson.parseReward(dead.get(0).raw()).value()).isEqualTo(9.0);
            } finally {
                stop(job);
            }
        }
    }

    @Test
    void killAndRestoreFromCheckpointLosesAndDuplicatesNothing() throws Exception {
        try (JoinTestKit kit = new JoinTestKit(kafka(), "restore-" + kafka().kind(), tmp, Map.of())) {
            int n = 2000;
            Map<String, Expected> expected = new LinkedHashMap<>();
            List<Object> first = new ArrayList<>();
            List<Object> second = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "r" + i;
                Instant t = JoinTestKit.T0.plusMillis(i * 20L);
                List<Object> half = i < n / 2 ? first : second;
                half.add(TestEvents.decision(id, t));
                if (i % 2 == 0) {
                    half.add(Reward.of(id, t.plusMillis(700), 1.0 + i % 5));
                    expected.put(id, new Expected(1.0 + i % 5, true, 1));
                } else {
                    expected.put(id, new Expected(0.0, false, 0));
                }
            }
            first.sort(Comparator.comparingLong(JoinJobContract::time));
            first.forEach(kit::send0);
            kit.flush();

            JobClient job = start(kit.config);
            var partial = kit.readUntil(kit.examplesTopic(), r -> r.size() >= 300, Duration.ofSeconds(90));
            assertThat(partial.size()).as("examples before the stop").isGreaterThanOrEqualTo(300);
            stop(job);
            Path checkpoint = latestCheckpoint(tmp, job.getJobID().toHexString());

            second.sort(Comparator.comparingLong(JoinJobContract::time));
            second.forEach(kit::send0);
            kit.sendWatermarkSentinels(JoinTestKit.T0.plus(Duration.ofHours(1)));
            kit.flush();

            EddyConfig restored = EddyConfig.of(kit.config.effective().entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), EddyKeys.all())
                    .set("job.restore-from", checkpoint.toUri().toString());
            JobClient job2 = start(restored);
            try {
                Map<String, JoinedExample> got = examples(kit, n, expected.keySet(), job2);
                assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
                expected.forEach((id, e) -> {
                    assertThat(got.get(id).reward()).as("reward of %s", id).isEqualTo(e.reward());
                    assertThat(got.get(id).rewardObserved()).isEqualTo(e.observed());
                });
                assertThat(deadLetters(kit, 0)).isEmpty();
            } finally {
                stop(job2);
            }
        }
    }

    @Test
    void malformedRecordsGoToDeadLettersAndTheJobContinues() throws Exception {
        try (JoinTestKit kit = new JoinTestKit(kafka(), "bad-" + kafka().kind(), tmp, Map.of());
             var raw = new KafkaProducer<>(TestProducers.reliable(kafka().clientProperties()), new StringSerializer(),
                     new ByteArraySerializer())) {
            int n = 40;
            Map<String, String> expectedReasons = new LinkedHashMap<>();
            Map<String, RecordMetadata> where = new HashMap<>();
            Map<String, byte[]> bytes = new HashMap<>();
            String t = "\"2026-01-01T00:00:01Z\"";
            Map<String, String> badDecisions = Map.of(
                    "{not json", "malformed JSON",
                    "{\"timestamp\":" + t + ",\"candidates\":[{\"id\":\"a\"}],\"chosen\":[0],\"probabilities\":[1]}", "missing eventId",
                    "{\"eventId\":\"p\",\"timestamp\":" + t + ",\"candidates\":[{\"id\":\"a\"}],\"chosen\":[0],\"probabilities\":[1.5]}", "outside (0, 1]",
                    "{\"eventId\":\"c\",\"timestamp\":" + t + ",\"candidates\":[{\"id\":\"a\"}],\"chosen\":[7],\"probabilities\":[1]}", "chosen[0] = 7 is not a candidate index",
                    "{\"eventId\":\"f\",\"timestamp\":" + t + ",\"context\":{\"u\":{\"x\":\"Infinity\"}},\"candidates\":[{\"id\":\"a\"}],\"chosen\":[0],\"probabilities\":[1]}", "not a finite number",
                    "{\"eventId\":\"ts\",\"timestamp\":\"yesterday\",\"candidates\":[{\"id\":\"a\"}],\"chosen\":[0],\"probabilities\":[1]}", "timestamp");
            Map<String, String> badRewards = Map.of(
                    "{\"eventId\":\"b0\",\"timestamp\":" + t + ",\"value\":\"NaN\"}", "value must be finite",
                    "[1,2,3]", "reward");
            for (var e : badDecisions.entrySet()) {
                byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
                where.put(e.getKey(), raw.send(new ProducerRecord<>(kit.decisionsTopic(), b.length % 2, "k", b)).get());
                bytes.put(e.getKey(), b);
                expectedReasons.put(e.getKey(), e.getValue());
            }
            for (int i = 0; i < n; i++) {
                Decision d = TestEvents.decision("ok" + i, JoinTestKit.T0.plusMillis(i * 100L));
                kit.send(d);
                if (i % 2 == 0) kit.send(Reward.of(d.eventId(), d.timestamp().plusMillis(200), 1.0));
            }
            for (var e : badRewards.entrySet()) {
                byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
                where.put(e.getKey(), raw.send(new ProducerRecord<>(kit.rewardsTopic(), 0, "k", b)).get());
                bytes.put(e.getKey(), b);
                expectedReasons.put(e.getKey(), e.getValue());
            }
            kit.sendWatermarkSentinels(JoinTestKit.T0.plus(Duration.ofHours(1)));
            kit.flush();

            JobClient job = start(kit.config);
            try {
                List<String> ids = java.util.stream.IntStream.range(0, n).mapToObj(i -> "ok" + i).toList();
                Map<String, JoinedExample> got = examples(kit, n, ids, job);
                assertThat(got).hasSize(n);
                List<DeadLetter> dead = deadLetters(kit, expectedReasons.size());
                assertThat(dead).hasSize(expectedReasons.size());
                for (var e : expectedReasons.entrySet()) {
                    DeadLetter dl = dead.stream().filter(d -> java.util.Arrays.equals(d.raw(), bytes.get(e.getKey())))
                            .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + e.getKey()));
                    assertThat(dl.reason()).as("reason for %s", e.getKey()).contains(e.getValue());
                    RecordMetadata m = where.get(e.getKey());
                    assertThat(dl.sourceTopic()).isEqualTo(m.topic());
                    assertThat(dl.partition()).isEqualTo(m.partition());
                    assertThat(dl.offset()).isEqualTo(m.offset());
                    assertThat(dl.stage()).startsWith("join/parse-");
                }
            } finally {
                stop(job);
            }
        }
    }

    /** Waits until {@code expected} dead letters are committed, then reads a little longer to catch extras. */
    private static List<DeadLetter> deadLetters(JoinTestKit kit, int expected) throws Exception {
        kit.readUntil(kit.deadTopic(), r -> r.size() >= expected, Duration.ofSeconds(30));
        List<DeadLetter> out = new ArrayList<>();
        for (var r : kit.readAll(kit.deadTopic(), Duration.ofSeconds(2))) out.add(EventJson.parseDeadLetter(r.value()));
        return out;
    }

    static long time(Object o) {
        return o instanceof Decision d ? d.timestamp().toEpochMilli() : ((Reward) o).timestamp().toEpochMilli();
    }

    static Path latestCheckpoint(Path root, String jobId) throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve(jobId))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + root.resolve(jobId)));
        }
    }
}
