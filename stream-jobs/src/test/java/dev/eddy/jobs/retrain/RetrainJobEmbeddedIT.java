package dev.eddy.jobs.retrain;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.config.KafkaKeys;

import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.testing.TestEvents;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelTopicReader;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.events.testing.TestKafkaExtension;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.runtime.FlinkRuntime;
import dev.eddy.jobs.runtime.RetrainKafka;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.eval.FullRankingEvaluator;
import dev.eddy.recsys.lifecycle.FoldIn;
import dev.eddy.recsys.lifecycle.IdTables;
import dev.eddy.recsys.lifecycle.TrainingSet;
import dev.eddy.recsys.lifecycle.TrainingWindow;
import dev.eddy.recsys.snapshot.ModelSnapshot;
import dev.eddy.recsys.snapshot.ModelSnapshotStore;
import dev.eddy.recsys.train.TrainingLock;
import ai.djl.Device;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retrain job on the in-process KRaft broker and a Flink MiniCluster with RocksDB: real DJL training, real
 * exactly-once publication, versions read back from the topic and assembled from their deltas.
 */
class RetrainJobEmbeddedIT {
    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    /** Planted preferences: 400 users with 20..40 items each (about 12k interactions), 300 items. */
    private static final ImplicitDataset PLANTED = new SyntheticData(400, 300, 20, 40, 4, 4.0, 0.3).generate(21);

    @TempDir
    Path tmp;

    private EddyConfig config(String suffix, int everyInteractions, Map<String, String> extra) {
        Map<String, String> v = RetrainTraffic.smallJobSettings(KAFKA.get().bootstrapServers(), "retrain-" + suffix,
                suffix, tmp, everyInteractions);
        v.put("retrain.history-max-items", "100");
        v.put("retrain.warmup-epochs", "3");
        v.put("retrain.epochs", "12");
        v.putAll(extra);
        return RetrainTraffic.config(v);
    }

    private static JobClient start(EddyConfig c) throws Exception {
        StreamExecutionEnvironment env = FlinkRuntime.environment(c, FlinkRuntime.Target.LOCAL);
        RetrainJob.build(env, c, RetrainKafka.inputs(c), RetrainKafka.outputs(c));
        return env.executeAsync(RetrainJob.NAME);
    }

    private static void stop(JobClient job) throws Exception {
        FlinkRuntime.cancelAndWait(job);
    }

    private static List<Interaction> interactions(int from, int to, long t) {
        return RetrainTraffic.interactions(PLANTED, T0, from, to, t);
    }

    private static void send(EddyConfig c, List<Interaction> interactions) {
        RetrainTraffic.send(c, interactions);
    }

    private static List<ModelVersion> versionsUntil(EddyConfig c, Predicate<List<ModelVersion>> done) {
        return RetrainTraffic.versionsUntil(c, done, Duration.ofSeconds(55));
    }

    private static String kind(ModelVersion v) {
        return v.manifest().params().get("kind");
    }

    /** The trainer's window after {@code sent}, rebuilt with the job's own bounds and order. */
    static TrainingSet windowOf(List<Interaction> sent, RetrainSettings s) {
        Map<String, UserHistory> histories = new HashMap<>();
        TrainingWindow w = new TrainingWindow(s.windowSize());
        for (Interaction i : sent) {
            UserHistory h = histories.getOrDefault(i.userId(), new UserHistory());
            UserHistory next = h.with(i.itemId(), i.timestamp().toEpochMilli(), s.historyMaxItems(), s.historyMaxAge().toMillis());
            if (next == h) continue;
            histories.put(i.userId(), next);
            w.update(i.userId(), next.items, next.times[0], next.newest());
        }
        return TrainingSet.of(new ArrayList<>(w.entries().entrySet()));
    }

    private static void assertSameTables(EmbeddingModel assembled, ModelSnapshot snapshot) {
        assertThat(assembled.users().keySet()).containsExactlyInAnyOrderElementsOf(snapshot.users().ids());
        assertThat(assembled.items().keySet()).containsExactlyInAnyOrderElementsOf(snapshot.items().ids());
        int dim = snapshot.representations().dim();
        for (int r = 0; r < snapshot.users().size(); r++) {
            assertThat(assembled.users().get(snapshot.users().id(r))).as("user " + snapshot.users().id(r))
                    .containsExactly(java.util.Arrays.copyOfRange(snapshot.representations().users(), r * dim, (r + 1) * dim));
        }
        for (int r = 0; r < snapshot.items().size(); r++) {
            assertThat(assembled.items().get(snapshot.items().id(r))).as("item " + snapshot.items().id(r))
                    .containsExactly(java.util.Arrays.copyOfRange(snapshot.representations().items(), r * dim, (r + 1) * dim));
        }
    }

    @Test
    void publishesAGatedFirstVersionThenFoldInAndRetrainDeltasThatAssembleToTheFullModel() throws Exception {
        List<Interaction> first = interactions(0, 350, 0);
        // A wide gate: this test is about what an accepted retrain publishes (the gate has its own test below); since each
        // user's item before the held-out one became the trainer's validation slice, the second retrain scores 0.130
        // against the folded-in version's 0.1425, within the noise of 400 held-out users but outside the default 0.01.
        EddyConfig c = config("publish", first.size(), Map.of("retrain.fold-in-interval", "300ms",
                "retrain.gate-tolerance", "0.05"));
        RetrainSettings settings = RetrainSettings.from(c);
        JobClient job = start(c);
        try {
            send(c, first);
            // A record that is not a valid interaction (no timestamp), sent raw.
            Properties p = TestProducers.reliable(KAFKA.get().bootstrapServers());
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(c.get(KafkaKeys.TOPIC_INTERACTIONS), "x",
                        "{\"userId\":\"x\",\"itemId\":\"i\"}".getBytes(StandardCharsets.UTF_8))).get();
            }

            // (a) Version 1: a full version, assembled from the topic, equal to what the job trained and stored.
            List<ModelVersion> v1s = versionsUntil(c, vs -> !vs.isEmpty());
            assertThat(v1s).hasSize(1);
            ModelVersion v1 = v1s.get(0);
            assertThat(v1.version()).isEqualTo(1);
            assertThat(EmbeddingRows.baseVersion(v1)).isZero();
            assertThat(kind(v1)).isEqualTo("retrain");
            EmbeddingModel m1 = EmbeddingModelAssembler.assemble(v1s).get("recs");
            assertThat(m1.users()).hasSize(350);

            // Its held-out metrics are what the assembled tables score on the last item of every user, and the
            // planted preferences make that far better than item popularity.
            TrainingSet set = windowOf(first, settings);
            var aligned = new IdTables(m1.users().keySet().toArray(String[]::new), m1.items().keySet().toArray(String[]::new), 16,
                    flatten(m1.users()), flatten(m1.items())).alignedTo(set.data().users(), set.data().items());
            double recall = FullRankingEvaluator.evaluate(aligned, set.holdout(), set.known(),
                    new int[] {20}, Device.cpu()).get("recall@20");
            assertThat(v1.manifest().metrics().get("recall@20")).isEqualTo(recall);
            assertThat(v1.manifest().metrics().get("holdoutUsers")).isEqualTo(350.0);
            assertThat(recall).isGreaterThan(2 * v1.manifest().metrics().get("popularity.recall@20"));

            // Dead letter with where it came from.
            List<DeadLetter> dead = new ArrayList<>();
            try (var consumer = dev.eddy.events.kafka.CommittedReader.fromBeginning(KafkaClientProperties.from(c),
                    List.of(c.get(KafkaKeys.TOPIC_DEAD_LETTERS)))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    for (var r : consumer.poll(Duration.ofMillis(200))) dead.add(EventJson.parseDeadLetter(r.value()));
                    return !dead.isEmpty();
                });
            }
            assertThat(dead.get(0).reason()).contains("interaction");
            assertThat(dead.get(0).offset()).isEqualTo((long) first.size());
            assertThat(dead.get(0).partition()).isZero();

            // (b) New users between retrains: folded in and published as a delta of their user rows only.
            List<Interaction> fresh = interactions(350, 400, first.size());
            send(c, fresh);
            List<ModelVersion> withFoldIn = versionsUntil(c, vs -> vs.stream().anyMatch(v -> "fold-in".equals(kind(v))));
            ModelVersion fold = withFoldIn.stream().filter(v -> "fold-in".equals(kind(v))).findFirst().orElseThrow();
            assertThat(EmbeddingRows.baseVersion(fold)).isEqualTo(fold.version() - 1);
            EmbeddingRows.Changes foldedItems = EmbeddingRows.decode(fold, "items");
            EmbeddingRows.Changes foldedUsers = EmbeddingRows.decode(fold, "users");
            assertThat(foldedItems.ids()).as("only items version 1 lacks").noneMatch(m1.items()::containsKey);
            assertThat(foldedUsers.ids()).isNotEmpty().allMatch(u -> fresh.stream().anyMatch(i -> i.userId().equals(u)));
            // Each folded vector is the mean of version 1's item vectors over a prefix of the user's items.
            for (int r = 0; r < foldedUsers.ids().size(); r++) {
                String user = foldedUsers.ids().get(r);
                float[] row = java.util.Arrays.copyOfRange(foldedUsers.rows(), r * 16, (r + 1) * 16);
                List<String> items = fresh.stream().filter(i -> i.userId().equals(user)).map(Interaction::itemId).toList();
                IdTables base = new IdTables(new String[0], m1.items().keySet().toArray(String[]::new), 16,
                        new float[0], flatten(m1.items()));
                boolean matches = false;
                for (int k = 1; k <= items.size() && !matches; k++) {
                    float[] mean = FoldIn.userVector(items.subList(0, k).toArray(String[]::new), base, base.itemRows()).orElseThrow();
                    matches = java.util.Arrays.equals(mean, row);
                }
                assertThat(matches).as("fold-in of " + user).isTrue();
            }

            // (c) A new item taken up by known users: folded in as the mean of their published vectors (of the
            // adopters the trainer had seen by then, in the order they came).
            List<Interaction> adopt = new ArrayList<>();
            long t = first.size() + fresh.size();
            for (int k = 0; k < 5; k++) {
                adopt.add(TestEvents.click(T0.plusSeconds(t++), "u" + PLANTED.users().id(k), "i-new"));
            }
            send(c, adopt);
            Predicate<ModelVersion> foldsNewItem = v -> "fold-in".equals(kind(v))
                    && EmbeddingRows.decode(v, "items").ids().contains("i-new");
            ModelVersion itemFold = versionsUntil(c, vs -> vs.stream().anyMatch(foldsNewItem)).stream()
                    .filter(foldsNewItem).findFirst().orElseThrow();
            EmbeddingRows.Changes newItem = EmbeddingRows.decode(itemFold, "items");
            float[] itemRow = java.util.Arrays.copyOfRange(newItem.rows(), newItem.ids().indexOf("i-new") * 16,
                    (newItem.ids().indexOf("i-new") + 1) * 16);
            IdTables v1Users = new IdTables(m1.users().keySet().toArray(String[]::new), new String[0], 16,
                    flatten(m1.users()), new float[0]);
            List<String> adopters = adopt.stream().map(Interaction::userId).toList();
            boolean itemMatches = false;
            for (int k = 1; k <= adopters.size() && !itemMatches; k++) {
                float[] mean = FoldIn.itemVector(adopters.subList(0, k), v1Users, v1Users.userRows()).orElseThrow();
                itemMatches = java.util.Arrays.equals(mean, itemRow);
            }
            assertThat(itemMatches).as("fold-in of i-new").isTrue();

            // The next retrain (after as many new interactions again): a delta on the last version whose assembled
            // tables equal the trained model's, bit for bit; it learns the new item.
            int sent = fresh.size() + adopt.size();
            List<Interaction> more = new ArrayList<>();
            for (int k = 0; sent + more.size() < first.size(); k++) {
                Interaction again = first.get(k % first.size());
                more.add(TestEvents.click(T0.plusSeconds(t++), again.userId(), again.itemId()));
            }
            send(c, more);
            List<ModelVersion> all = versionsUntil(c, vs -> vs.stream().filter(v -> "retrain".equals(kind(v))).count() >= 2);
            ModelVersion second = all.stream().filter(v -> "retrain".equals(kind(v))).skip(1).findFirst().orElseThrow();
            assertThat(EmbeddingRows.baseVersion(second)).isEqualTo(second.version() - 1).isPositive();
            assertThat(all).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
            stop(job);
            job = null;

            EmbeddingModel last = EmbeddingModelAssembler.assemble(all).get("recs");
            assertThat(last.version()).isEqualTo(second.version());
            assertThat(EmbeddingRows.decode(second, "items").ids()).contains("i-new");
            try (ModelSnapshotStore store = ModelSnapshotStore.open(tmp.resolve("snapshots"), 4)) {
                List<Long> stored = store.versions("recs");
                assertThat(stored).hasSize(2);
                assertSameTables(m1, store.load("recs", stored.get(0)));
                ModelSnapshot current = store.current("recs").orElseThrow();
                assertSameTables(last, current);
                // Scores through both readers agree exactly.
                List<String> items = List.copyOf(last.items().keySet());
                for (String user : List.of("u" + PLANTED.users().id(0), "u" + PLANTED.users().id(399))) {
                    float[] s = current.scores(user, items);
                    for (int j = 0; j < items.size(); j++) assertThat(last.score(user, items.get(j))).isEqualTo(s[j]);
                }
            }
        } finally {
            if (job != null) stop(job);
        }
    }

    @Test
    void aRetrainThatIsNotBetterEnoughIsRejectedAndTheOldVersionStays() throws Exception {
        List<Interaction> first = interactions(0, 300, 0);
        // A negative tolerance demands more than +1.0 Recall@20 of the next version: impossible, so it is rejected.
        EddyConfig c = config("gate", first.size(), Map.of("retrain.gate-tolerance", "-1.0", "retrain.fold-in-interval", "0s"));
        JobClient job = start(c);
        try {
            send(c, first);
            List<ModelVersion> v1 = versionsUntil(c, vs -> !vs.isEmpty());
            assertThat(v1).extracting(ModelVersion::version).containsExactly(1L);
            await().atMost(Duration.ofSeconds(10)).until(() -> !TrainingLock.isTraining());

            List<Interaction> again = new ArrayList<>();
            for (int k = 0; k < first.size(); k++) {
                Interaction i = first.get(k);
                again.add(TestEvents.click(T0.plusSeconds(first.size() + k), i.userId(), i.itemId()));
            }
            send(c, again);
            // The second retrain runs and ends ...
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20)).until(TrainingLock::isTraining);
            await().atMost(Duration.ofSeconds(40)).until(() -> !TrainingLock.isTraining());
            // ... and after a few more checkpoints nothing new is committed.
            Thread.sleep(2500);
            List<ModelVersion> all = ModelTopicReader.readAll(KafkaClientProperties.from(c), c.get(KafkaKeys.TOPIC_MODELS),
                    Duration.ofSeconds(2)).versions();
            assertThat(all).extracting(ModelVersion::version).containsExactly(1L);
            stop(job);
            job = null;
            try (ModelSnapshotStore store = ModelSnapshotStore.open(tmp.resolve("snapshots"), 4)) {
                assertThat(store.versions("recs")).hasSize(1);
                assertSameTables(EmbeddingModelAssembler.assemble(all).get("recs"), store.current("recs").orElseThrow());
            }
        } finally {
            if (job != null) stop(job);
        }
    }

    private static float[] flatten(Map<String, float[]> rows) {
        int dim = rows.values().iterator().next().length;
        float[] out = new float[rows.size() * dim];
        int r = 0;
        for (float[] row : rows.values()) System.arraycopy(row, 0, out, r++ * dim, dim);
        return out;
    }
}
