package dev.eddy.jobs.retrain;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.tools.cli.EddyCli;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.RetrainKafka;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.eval.FullRankingEvaluator;
import dev.eddy.recsys.lifecycle.IdTables;
import dev.eddy.recsys.lifecycle.TrainingSet;
import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ModelFollower;
import dev.eddy.serving.retrieval.RetrievalSettings;
import dev.eddy.recsys.snapshot.ModelSnapshot;
import dev.eddy.recsys.snapshot.ModelSnapshotStore;
import ai.djl.Device;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback end to end on the in-process broker and a MiniCluster with RocksDB: two accepted retrains, then
 * {@code eddy rollback} (the command class itself) to the first. The job publishes a new, higher version whose
 * tables, assembled from the models topic with serving's readers, are the first version's; serving's follower loads
 * it; the snapshot store has it; a rollback to a version the job does not keep and a malformed command are dead
 * letters with their reasons, a command for another model is left alone, and the job goes on: fold-in on the
 * rolled-back tables, and a next retrain gated against them. Small on purpose (200 users, dim 16, 6 epochs).
 */
class RetrainRollbackEmbeddedIT {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final ImplicitDataset PLANTED = new SyntheticData(200, 120, 12, 20, 4, 4.0, 0.3).generate(41);

    @TempDir
    Path tmp;

    private EddyConfig config(int everyInteractions) {
        Map<String, String> v = RetrainTraffic.smallJobSettings(KAFKA.get().bootstrapServers(), "retrain-rollback",
                "rollback", tmp, everyInteractions);
        v.put("topics.control", "control-rollback");
        v.put("retrain.fold-in-interval", "300ms");
        // Every retrain is accepted: the test is about going back, not about which retrain the gate would keep.
        v.put("retrain.gate-tolerance", "1.0");
        return RetrainTraffic.config(v);
    }

    private static List<ModelVersion> versionsUntil(EddyConfig c, Predicate<List<ModelVersion>> done) {
        List<ModelVersion> vs = RetrainTraffic.versionsUntil(c, done, Duration.ofSeconds(40));
        assertThat(done).as("versions read: %s", vs.stream().map(v -> v.version() + " " + kind(v)).toList()).accepts(vs);
        return vs;
    }

    private static String kind(ModelVersion v) {
        return v.manifest().params().get("kind");
    }

    /** {@code eddy rollback ...} in this JVM: exit code and what it printed. */
    private static String[] eddyRollback(EddyConfig c, String... args) {
        List<String> all = new ArrayList<>(List.of("rollback", "-b", c.get(KafkaKeys.BOOTSTRAP),
                "--set", "topics.control=" + c.get(KafkaKeys.TOPIC_CONTROL)));
        all.addAll(List.of(args));
        CommandLine cl = EddyCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static float[] flatten(Map<String, float[]> rows) {
        int dim = rows.values().iterator().next().length;
        float[] out = new float[rows.size() * dim];
        int r = 0;
        for (float[] row : rows.values()) System.arraycopy(row, 0, out, r++ * dim, dim);
        return out;
    }

    private static void assertSameRows(Map<String, float[]> actual, Map<String, float[]> expected, String what) {
        assertThat(actual.keySet()).as(what).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var e : expected.entrySet()) assertThat(actual.get(e.getKey())).as(what + " " + e.getKey()).containsExactly(e.getValue());
    }

    @Test
    void aRollbackRepublishesTheFirstVersionAsANewOneAndWhatCannotBeDoneIsADeadLetter() throws Exception {
        List<Interaction> first = RetrainTraffic.interactions(PLANTED, T0, 0, 120, 0);
        EddyConfig c = config(first.size());
        StreamExecutionEnvironment env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
        RetrainJob.build(env, c, RetrainKafka.inputs(c), RetrainKafka.outputs(c));
        JobClient job = env.executeAsync(RetrainJob.NAME);
        EmbeddingModel published;
        try {
            // Two accepted retrains: version 1 on users 0..119; then users 120..199 (folded in meanwhile) and repeats
            // of earlier items, as many changes again, retrained into the second.
            RetrainTraffic.send(c, first);
            versionsUntil(c, vs -> !vs.isEmpty());
            List<Interaction> second = new ArrayList<>(RetrainTraffic.interactions(PLANTED, T0, 120, 200, first.size()));
            long t = first.size() + second.size();
            for (int k = 0; second.size() < first.size(); k++) {
                Interaction again = first.get(k);
                second.add(TestEvents.click(T0.plusSeconds(t++), again.userId(), again.itemId()));
            }
            RetrainTraffic.send(c, second);
            List<ModelVersion> before = versionsUntil(c, vs -> vs.stream().filter(v -> "retrain".equals(kind(v))).count() == 2);
            ModelVersion v1 = before.get(0);
            ModelVersion retrain2 = before.get(before.size() - 1);
            assertThat(kind(v1)).isEqualTo("retrain");
            assertThat(kind(retrain2)).isEqualTo("retrain");

            try (ModelFollower serving = ModelFollower.start(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                    RetrievalSettings.DEFAULT)) {
                assertThat(serving.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
                assertThat(serving.current().embedding("recs").orElseThrow().version()).isEqualTo(retrain2.version());

                // The commands, on the one-partition control topic in this order: a rollback to version 1 through
                // the CLI, one for a model this job does not retrain, a malformed one, a rollback to a version that
                // was never kept.
                String[] sent = eddyRollback(c, "--model", "recs", "--to-version", "1", "--reason", "bad retrain");
                assertThat(sent[0]).as(sent[2]).isEqualTo("0");
                assertThat(sent[1]).contains("sent to control-rollback (partition 0, offset 0), key recs:")
                        .contains("\"command\":\"rollback\"").contains("\"toVersion\":1").contains("\"reason\":\"bad retrain\"");
                assertThat(eddyRollback(c, "--model", "other", "--to-version", "1")[0]).isEqualTo("0");
                Properties p = TestProducers.reliable(c.get(KafkaKeys.BOOTSTRAP));
                try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_CONTROL), "recs",
                            "{\"command\":\"rollback\",\"model\":\"recs\",\"toVersion\":".getBytes(StandardCharsets.UTF_8))).get();
                }
                assertThat(eddyRollback(c, "--model", "recs", "--to-version", "99")[0]).isEqualTo("0");

                // A new, higher version with version 1's tables (a delta on the second retrain), then fold-in of the
                // users version 1 does not know, on top of it.
                List<ModelVersion> all = versionsUntil(c, vs -> vs.stream().anyMatch(v -> "rollback".equals(kind(v)))
                        && "fold-in".equals(kind(vs.get(vs.size() - 1))));
                assertThat(all).extracting(ModelVersion::version)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
                int r = 0;
                while (!"rollback".equals(kind(all.get(r)))) r++;
                ModelVersion rolled = all.get(r);
                assertThat(all.get(r - 1).version()).as("nothing between the second retrain and the rollback")
                        .isEqualTo(retrain2.version());
                assertThat(rolled.version()).isEqualTo(retrain2.version() + 1);
                assertThat(EmbeddingRows.baseVersion(rolled)).isEqualTo(retrain2.version());
                assertThat(rolled.manifest().params()).containsEntry("rolledBackFrom", "1").containsEntry("trainedVersion", "1")
                        .containsEntry("replacedVersion", Long.toString(retrain2.version())).containsEntry("reason", "bad retrain")
                        .containsKey("requestedAt").containsEntry("dataTo", v1.manifest().params().get("dataTo"));
                assertThat(rolled.manifest().metrics().get("recall@20")).isEqualTo(v1.manifest().metrics().get("recall@20"));
                assertThat(all.subList(r + 1, all.size())).extracting(RetrainRollbackEmbeddedIT::kind).containsOnly("fold-in");

                // Assembled as serving assembles the topic (ModelTopicReader + EmbeddingModelAssembler).
                EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
                List<EmbeddingModel> models = new ArrayList<>();
                for (ModelVersion v : all) models.add(assembler.apply(v));
                EmbeddingModel m1 = models.get(0);
                EmbeddingModel back = models.get(r);
                assertThat(back.version()).isEqualTo(rolled.version());
                assertSameRows(back.users(), m1.users(), "user");
                assertSameRows(back.items(), m1.items(), "item");
                assertThat(models.get(r - 1).users()).as("the second retrain knew every user").hasSize(200);
                EmbeddingModel last = models.get(models.size() - 1);
                published = last;
                assertThat(last.users().size()).as("users 120..199 folded in again").isGreaterThan(m1.users().size());

                // Serving's follower loads the lineage: the newest version is the rolled-back tables plus fold-ins.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> serving.current().embedding("recs").orElseThrow().version() == last.version());
                EmbeddingIndex served = serving.current().embedding("recs").orElseThrow();
                assertThat(serving.versionsRejected()).isZero();
                assertThat(served.users()).isEqualTo(last.users().size());
                for (var e : m1.items().entrySet()) assertThat(served.itemVector(e.getKey()).orElseThrow()).containsExactly(e.getValue());
                for (var e : m1.users().entrySet()) assertThat(served.userVector(e.getKey()).orElseThrow()).containsExactly(e.getValue());
            }

            // Dead letters: the malformed command (parse) and the rollback to a version not kept, with the kept ones.
            List<DeadLetter> dead = new ArrayList<>();
            try (var consumer = CommittedReader.fromBeginning(KafkaClientProperties.from(c), List.of(c.get(KafkaKeys.TOPIC_DEAD_LETTERS)))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    for (var rec : consumer.poll(Duration.ofMillis(200))) dead.add(EventJson.parseDeadLetter(rec.value()));
                    return dead.size() >= 2;
                });
                // A dead letter for the other model's command (offset 1) would have gone out before the one of
                // offset 3, in the same or an earlier transaction: what is committed now is all there is.
                for (var rec : consumer.poll(Duration.ofMillis(300))) dead.add(EventJson.parseDeadLetter(rec.value()));
            }
            dead.sort(java.util.Comparator.comparing(DeadLetter::offset));
            assertThat(dead).extracting(DeadLetter::sourceTopic).containsOnly("control-rollback");
            assertThat(dead).extracting(DeadLetter::offset).containsExactly(2L, 3L);
            assertThat(dead.get(0).stage()).isEqualTo("retrain/parse-control");
            assertThat(dead.get(0).reason()).startsWith("control command: malformed JSON");
            assertThat(dead.get(1).stage()).isEqualTo("retrain/rollback");
            long r2 = retrain2.version();
            assertThat(dead.get(1).reason()).isEqualTo("no version 99 kept for recs; kept: [1, " + r2 + ", " + (r2 + 1)
                    + "], current " + (r2 + 1));

            // The job goes on: the next retrain is gated against the rolled-back tables (plus fold-ins) as published,
            // measured on its own held-out slice.
            EmbeddingModel base = published;
            List<Interaction> third = new ArrayList<>();
            t = first.size() + second.size();
            for (int k = 0; third.size() < first.size(); k++) {
                Interaction again = second.get(k % second.size());
                third.add(TestEvents.click(T0.plusSeconds(t++), again.userId(), again.itemId()));
            }
            RetrainTraffic.send(c, third);
            List<ModelVersion> afterwards = versionsUntil(c, vs -> !vs.isEmpty() && "retrain".equals(kind(vs.get(vs.size() - 1)))
                    && vs.get(vs.size() - 1).version() > base.version());
            ModelVersion next = afterwards.get(afterwards.size() - 1);
            assertThat(EmbeddingRows.baseVersion(next)).isEqualTo(base.version());
            List<Interaction> sent = new ArrayList<>(first);
            sent.addAll(second);
            sent.addAll(third);
            TrainingSet set = RetrainJobEmbeddedIT.windowOf(sent, RetrainSettings.from(c));
            IdTables baseTables = new IdTables(base.users().keySet().toArray(String[]::new),
                    base.items().keySet().toArray(String[]::new), base.dim(), flatten(base.users()), flatten(base.items()));
            double baseRecall = FullRankingEvaluator.evaluate(baseTables.alignedTo(set.data().users(), set.data().items()),
                    set.holdout(), set.known(), new int[] {20}, Device.cpu()).get("recall@20");
            assertThat(next.manifest().metrics().get("published.recall@20")).isEqualTo(baseRecall);

            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            FlinkRuntime.cancelAndWait(job);
            job = null;

            // The snapshot store got the rollback as a version of its own, with version 1's tables.
            try (ModelSnapshotStore store = ModelSnapshotStore.open(tmp.resolve("snapshots"), 4)) {
                List<Long> stored = store.versions("recs");
                assertThat(stored).hasSize(4);
                ModelSnapshot current = store.load("recs", stored.get(2));
                assertThat(current.manifest().params()).containsEntry("kind", "rollback").containsEntry("rolledBackFrom", "1")
                        .containsEntry("publishedVersion", Long.toString(r2 + 1));
                EmbeddingModel m1 = EmbeddingModelAssembler.assemble(List.of(v1)).get("recs");
                int dim = current.representations().dim();
                assertThat(current.users().size()).isEqualTo(m1.users().size());
                for (int u = 0; u < current.users().size(); u++) {
                    assertThat(java.util.Arrays.copyOfRange(current.representations().users(), u * dim, (u + 1) * dim))
                            .containsExactly(m1.users().get(current.users().id(u)));
                }
            }
        } finally {
            if (job != null) FlinkRuntime.cancelAndWait(job);
        }
    }
}
