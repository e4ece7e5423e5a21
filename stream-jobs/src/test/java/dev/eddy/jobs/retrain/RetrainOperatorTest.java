package dev.eddy.jobs.retrain;

import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.SyntheticData;
import dev.eddy.recsys.lifecycle.IdTables;
import dev.eddy.recsys.lifecycle.RetrainOutcome;
import dev.eddy.recsys.lifecycle.RetrainTask;
import dev.eddy.recsys.lifecycle.TrainingWindow;
import dev.eddy.recsys.snapshot.ModelSnapshot;
import dev.eddy.recsys.snapshot.ModelSnapshotStore;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.TrainingLock;
import dev.eddy.recsys.train.WarmStart;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer in Flink's test harness on RocksDB (processing time is driven by the test): a checkpoint taken while
 * a retrain runs does not contain it, and a restore from that checkpoint runs the retrain again and publishes the
 * same version; rollback commands on the second input republish a kept version, fold in on it, hand the next
 * retrain its warm start and gate base, discard a running retrain, and restore from a checkpoint of the one-input
 * trainer that came before them.
 */
class RetrainOperatorTest {
    private static final ImplicitDataset DATA = new SyntheticData(100, 60, 10, 20, 4, 4.0, 0.3).generate(5);

    @TempDir
    Path tmp;

    private static RetrainSettings settings(int every) {
        return settings(Duration.ZERO, every, 0.01, Duration.ZERO, "");
    }

    private static RetrainSettings settings(Duration interval, int every, double gateTolerance, Duration foldIn,
                                            String snapshotDir) {
        return settings(interval, every, gateTolerance, foldIn, Duration.ZERO, snapshotDir);
    }

    private static RetrainSettings settings(Duration interval, int every, double gateTolerance, Duration foldIn,
                                            Duration itemFoldIn, String snapshotDir) {
        return new RetrainSettings("recs", interval, every, 10, 100, Duration.ofDays(30), 1_000_000, "bpr", "mf",
                4, 0, 5, 3, 8, 128, 0.01, 3, "cpu", gateTolerance, 2, foldIn, itemFoldIn, snapshotDir, 4096);
    }

    /** The histories of users [from, to) as the history function emits them, one update per interaction. */
    private static List<HistoryUpdate> updates(int from, int to) {
        Map<String, UserHistory> hs = new HashMap<>();
        List<HistoryUpdate> out = new ArrayList<>();
        long t = 0;
        for (int u = 0; u < DATA.numUsers(); u++) {
            for (int i : DATA.byUser().of(u)) {
                String user = "u" + u;
                UserHistory h = hs.getOrDefault(user, new UserHistory()).with("i" + i, t++, 100, Long.MAX_VALUE / 4);
                hs.put(user, h);
                if (u >= from && u < to) out.add(new HistoryUpdate(user, h.items, h.times[0], h.newest()));
            }
        }
        return out;
    }

    private static List<HistoryUpdate> updates() {
        return updates(0, DATA.numUsers());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> harness(
            RetrainSettings s) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new RetrainOperator(s, PublishedVersions.none()),
                (HistoryUpdate u) -> "recs", (ControlInput c) -> c.model, Types.STRING);
        // Full snapshots: the restore test reads one written by the one-input trainer the same way.
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h,
                             List<HistoryUpdate> updates) throws Exception {
        for (HistoryUpdate u : updates) h.processElement1(new StreamRecord<>(u));
    }

    /** Sends a rollback command through the control source's deserializer, as the job does. */
    private static void rollback(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h,
                                 long toVersion, String reason, long offset) throws Exception {
        byte[] json = EventJson.write(ControlCommand.rollback("recs", toVersion, reason, Instant.parse("2026-11-25T03:00:00Z")));
        List<ControlInput> parsed = new ArrayList<>();
        new ControlDeserializer().deserialize(new ConsumerRecord<>("eddy.control", 0, offset,
                "recs".getBytes(StandardCharsets.UTF_8), json), new ListCollector<>(parsed));
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).dead).isFalse();
        h.processElement2(new StreamRecord<>(parsed.get(0)));
    }

    private static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h)
            throws Exception {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(RetrainOperator.DEAD_LETTERS);
        if (side != null) for (var r : side) out.add(EventJson.parseDeadLetter(r.getValue().value));
        return out;
    }

    /** The complete versions among {@code records}, in order. */
    private static List<ModelVersion> versions(List<KeyedBytes> records) throws Exception {
        List<ModelVersion> vs = new ArrayList<>();
        ModelAssembler a = new ModelAssembler();
        for (KeyedBytes kb : records) a.accept(EventJson.parseModelPart(kb.value)).ifPresent(vs::add);
        return vs;
    }

    private static List<ModelVersion> versions(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h)
            throws Exception {
        return versions(h.extractOutputValues());
    }

    /** Advances processing time in steps of 100 ms until {@code done} holds for the versions out so far. */
    private static List<ModelVersion> advanceUntil(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h,
                                                   Predicate<List<ModelVersion>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long now = h.getProcessingTime();
        while (System.nanoTime() < deadline) {
            h.setProcessingTime(now += 100);
            List<ModelVersion> vs = versions(h);
            if (done.test(vs)) return vs;
            Thread.sleep(20);
        }
        throw new AssertionError("not within 60 s; versions so far: " + versions(h).stream().map(ModelVersion::version).toList());
    }

    private static List<ModelVersion> awaitVersions(KeyedTwoInputStreamOperatorTestHarness<String, HistoryUpdate, ControlInput, KeyedBytes> h)
            throws Exception {
        return advanceUntil(h, vs -> !vs.isEmpty());
    }

    private static String param(ModelVersion v, String name) {
        return v.manifest().params().get(name);
    }

    private static void assertSameRows(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var e : expected.entrySet()) {
            assertThat(bits(actual.get(e.getKey()))).as(e.getKey()).containsExactly(bits(e.getValue()));
        }
    }

    private static void assertSameTables(EmbeddingModel actual, EmbeddingModel expected) {
        assertSameRows(actual.users(), expected.users());
        assertSameRows(actual.items(), expected.items());
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int k = 0; k < values.length; k++) out[k] = Float.floatToRawIntBits(values[k]);
        return out;
    }

    private static float[] flatten(Map<String, float[]> rows, int dim) {
        float[] out = new float[rows.size() * dim];
        int r = 0;
        for (float[] row : rows.values()) System.arraycopy(row, 0, out, r++ * dim, dim);
        return out;
    }

    private static IdTables tables(EmbeddingModel m) {
        return new IdTables(m.users().keySet().toArray(String[]::new), m.items().keySet().toArray(String[]::new),
                m.dim(), flatten(m.users(), m.dim()), flatten(m.items(), m.dim()));
    }

    @Test
    void aCheckpointDuringARetrainRestoresToTheSameRetrainRunAgain() throws Exception {
        List<HistoryUpdate> updates = updates();
        RetrainSettings s = settings(updates.size());
        OperatorSubtaskState during;
        EmbeddingModel first;
        try (var h = harness(s)) {
            h.open();
            feed(h, updates);
            // The retrain started with the last update and runs on its own thread; the checkpoint does not wait.
            long t0 = System.nanoTime();
            h.prepareSnapshotPreBarrier(1);
            during = h.snapshot(1, h.getProcessingTime());
            h.notifyOfCompletedCheckpoint(1);
            assertThat((System.nanoTime() - t0) / 1e6).as("snapshot ms").isLessThan(5_000);
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).containsExactly(1L);
            assertThat(vs.get(0).manifest().metrics().get("checkpointsDuringTraining")).isEqualTo(1.0);
            first = EmbeddingModelAssembler.assemble(vs).get("recs");
        }
        try (var h = harness(s)) {
            h.initializeState(during);
            h.open(); // no input: the restored in-flight flag alone starts the retrain again
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).as("the version the checkpoint had not seen").containsExactly(1L);
            EmbeddingModel again = EmbeddingModelAssembler.assemble(vs).get("recs");
            assertThat(again.users().keySet()).containsExactlyElementsOf(first.users().keySet());
            assertSameTables(again, first);
        }
    }

    @Test
    void byTimeTheRetrainWaitsForTheIntervalAfterTheFirstNewInteraction() throws Exception {
        List<HistoryUpdate> updates = updates();
        try (var h = harness(settings(Duration.ofMinutes(10), 0, 0.01, Duration.ZERO, ""))) {
            h.open();
            h.setProcessingTime(1_000);
            feed(h, updates);
            h.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis() - 1);
            // A retrain started by a timer set too early would hold the training lock within this second.
            for (int k = 0; k < 50; k++) {
                assertThat(TrainingLock.isTraining()).as("training before the interval").isFalse();
                Thread.sleep(20);
            }
            assertThat(h.extractOutputValues()).as("nothing before the interval").isEmpty();
            h.setProcessingTime(1_000 + Duration.ofMinutes(10).toMillis());
            List<ModelVersion> vs = awaitVersions(h);
            assertThat(vs).extracting(ModelVersion::version).containsExactly(1L);
            assertThat(vs.get(0).manifest().metrics().get("interactions")).isEqualTo((double) updates.size());
        }
    }

    /**
     * Version 1 knows every user and item of the data. Then known users u0, u1, u2 and a new user n1 (one known item)
     * take up a new item; a checkpoint is taken before the fold-in is due, and the trainer restored from it publishes
     * version 2 (fold-in): n1 as its known item's vector, the new item as the mean of its adopters' vectors — u0..u2
     * as published, n1 as just folded in. The next retrain (version 3) learns the item like any other.
     */
    @Test
    void aNewItemIsFoldedInFromItsAdoptersAfterARestoreAndTheNextRetrainLearnsIt() throws Exception {
        List<HistoryUpdate> all = updates();
        Map<String, HistoryUpdate> latest = new HashMap<>();
        for (HistoryUpdate u : all) latest.put(u.userId, u);
        List<HistoryUpdate> adopt = new ArrayList<>();
        for (String user : List.of("u0", "u1", "u2")) {
            HistoryUpdate h = latest.get(user);
            String[] items = java.util.Arrays.copyOf(h.items, h.items.length + 1);
            items[h.items.length] = "i-new";
            adopt.add(new HistoryUpdate(user, items, h.oldest, h.newest + 1));
        }
        String knownItem = latest.get("u0").items[0];
        adopt.add(new HistoryUpdate("n1", new String[] {knownItem, "i-new"}, 0, 1));

        Duration interval = Duration.ofMinutes(10);
        RetrainSettings s = settings(interval, 0, 1.0, Duration.ofSeconds(1), "");
        OperatorSubtaskState beforeFoldIn;
        ModelVersion v1;
        long t;
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(1_000);
            feed(h, all);
            h.setProcessingTime(1_000 + interval.toMillis());
            v1 = advanceUntil(h, vs -> vs.size() == 1).get(0);
            t = h.getProcessingTime();
            feed(h, adopt);
            h.setProcessingTime(t + 999);
            h.prepareSnapshotPreBarrier(1);
            beforeFoldIn = h.snapshot(1, h.getProcessingTime());
            assertThat(versions(h)).as("the fold-in is not due yet").hasSize(1);
        }
        EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
        EmbeddingModel m1 = assembler.apply(v1);
        assertThat(m1.items()).doesNotContainKey("i-new");
        try (var h = harness(s)) {
            h.initializeState(beforeFoldIn);
            h.open();
            h.setProcessingTime(t + 1_000);
            List<ModelVersion> vs = versions(h);
            assertThat(vs).as("the restored pending user and item").hasSize(1);
            ModelVersion fold = vs.get(0);
            assertThat(fold.version()).isEqualTo(2);
            assertThat(fold.manifest().params()).containsEntry("kind", "fold-in").containsEntry("trainedVersion", "1");
            assertThat(fold.manifest().metrics()).containsEntry("foldedInUsers", 1.0).containsEntry("foldedInItems", 1.0);
            EmbeddingRows.Changes users = EmbeddingRows.decode(fold, "users");
            EmbeddingRows.Changes items = EmbeddingRows.decode(fold, "items");
            assertThat(users.ids()).containsExactly("n1");
            assertThat(items.ids()).containsExactly("i-new");
            assertThat(users.removed()).isEmpty();
            assertThat(items.removed()).isEmpty();
            float[] n1 = m1.items().get(knownItem);
            assertThat(bits(users.rows())).containsExactly(bits(n1));
            // Summed in window order (u0, u1, u2, n1), as the fold-in does.
            int dim = m1.dim();
            float[] mean = new float[dim];
            for (float[] adopter : List.of(m1.users().get("u0"), m1.users().get("u1"), m1.users().get("u2"), n1)) {
                for (int f = 0; f < dim; f++) mean[f] += adopter[f];
            }
            for (int f = 0; f < dim; f++) mean[f] /= 4;
            assertThat(bits(items.rows())).containsExactly(bits(mean));
            EmbeddingModel m2 = assembler.apply(fold);
            assertThat(m2.items()).hasSize(m1.items().size() + 1);
            // The new item ranks high for its adopters: above the median of the catalogue for u0.
            float newScore = m2.score("u0", "i-new");
            long below = m2.items().keySet().stream().filter(i -> m2.score("u0", i) < newScore).count();
            assertThat(below).isGreaterThan(m2.items().size() / 2);

            // The restored interval timer retrains on the window, the new item included, as a delta on the fold-in.
            h.setProcessingTime(t + interval.toMillis());
            vs = advanceUntil(h, v -> v.size() == 2);
            ModelVersion retrain = vs.get(1);
            assertThat(param(retrain, "kind")).isEqualTo("retrain");
            assertThat(EmbeddingRows.baseVersion(retrain)).isEqualTo(2);
            EmbeddingModel m3 = assembler.apply(retrain);
            assertThat(m3.items()).containsKey("i-new").hasSize(m2.items().size());
            assertThat(EmbeddingRows.decode(retrain, "items").ids()).as("trained, not the folded row").contains("i-new");
            // Nothing is left pending: no further fold-in.
            h.setProcessingTime(h.getProcessingTime() + 2_000);
            assertThat(versions(h)).hasSize(2);
        }
    }

    @Test
    void newItemsWaitForTheItemFoldInIntervalWhileNewUsersDoNot() throws Exception {
        List<HistoryUpdate> all = updates();
        Map<String, HistoryUpdate> latest = new HashMap<>();
        for (HistoryUpdate u : all) latest.put(u.userId, u);
        String known = latest.get("u0").items[0];
        Duration interval = Duration.ofMinutes(10);
        RetrainSettings s = settings(interval, 0, 1.0, Duration.ofSeconds(1), Duration.ofSeconds(10), "");
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(1_000);
            feed(h, all);
            h.setProcessingTime(1_000 + interval.toMillis());
            advanceUntil(h, vs -> vs.size() == 1);
            long t = h.getProcessingTime();
            feed(h, List.of(adopted(latest.get("u0"), "i-a"), new HistoryUpdate("n1", new String[] {known, "i-a"}, 0, 1)));
            h.setProcessingTime(t + 1_000);
            ModelVersion first = versions(h).get(1);
            assertThat(first.manifest().metrics()).as("the first item round is due at once")
                    .containsEntry("foldedInUsers", 1.0).containsEntry("foldedInItems", 1.0);

            feed(h, List.of(adopted(latest.get("u1"), "i-b"), new HistoryUpdate("n2", new String[] {known}, 0, 1)));
            h.setProcessingTime(t + 2_000);
            ModelVersion usersOnly = versions(h).get(2);
            assertThat(usersOnly.manifest().metrics()).as("users go, the item waits")
                    .containsEntry("foldedInUsers", 1.0).containsEntry("foldedInItems", 0.0);
            assertThat(EmbeddingRows.decode(usersOnly, "items").ids()).isEmpty();

            h.setProcessingTime(t + 9_000);
            assertThat(versions(h)).as("nothing due before the item interval").hasSize(3);
            h.setProcessingTime(t + 11_000);
            ModelVersion items = versions(h).get(3);
            assertThat(items.manifest().metrics()).containsEntry("foldedInUsers", 0.0).containsEntry("foldedInItems", 1.0);
            assertThat(EmbeddingRows.decode(items, "items").ids()).containsExactly("i-b");
        }
    }

    private static HistoryUpdate adopted(HistoryUpdate h, String item) {
        String[] items = java.util.Arrays.copyOf(h.items, h.items.length + 1);
        items[h.items.length] = item;
        return new HistoryUpdate(h.userId, items, h.oldest, h.newest + 1);
    }

    /**
     * Version 1 knows users 0..59; users 60..99 are folded in on it (version 2) and learned by the retrain of
     * version 3. A rollback to 1 publishes version 4 with version 1's tables (a delta on 3 that removes the later
     * users), folds those users in again on version 1's items (version 5, the same rows as version 2), and the next
     * retrain (version 6) warm-starts from version 1's parameters and is gated against the published tables: it is
     * exactly the retrain computed outside the operator from those inputs.
     */
    @Test
    void aRollbackRepublishesAKeptVersionFoldsInOnItAndTheNextRetrainStartsFromIt() throws Exception {
        List<HistoryUpdate> first = updates(0, 60);
        List<HistoryUpdate> later = updates(60, 100);
        Duration interval = Duration.ofMinutes(10);
        Path snapshots = tmp.resolve("snapshots");
        RetrainSettings s = settings(interval, 0, 1.0, Duration.ofSeconds(1), snapshots.toString());
        List<ModelVersion> all;
        try (var h = harness(s)) {
            h.open();
            h.setProcessingTime(1_000);
            feed(h, first);
            h.setProcessingTime(1_000 + interval.toMillis());
            advanceUntil(h, vs -> vs.size() == 1);

            long t = h.getProcessingTime();
            feed(h, later);
            h.setProcessingTime(t + 1_000);
            List<ModelVersion> vs = versions(h);
            assertThat(vs).hasSize(2);
            assertThat(param(vs.get(1), "kind")).isEqualTo("fold-in");
            h.setProcessingTime(t + interval.toMillis());
            vs = advanceUntil(h, v -> v.size() == 3);
            assertThat(param(vs.get(2), "kind")).isEqualTo("retrain");

            rollback(h, 1, "bad retrain", 7);
            vs = versions(h);
            assertThat(vs).hasSize(4);
            ModelVersion rolled = vs.get(3);
            assertThat(rolled.version()).isEqualTo(4);
            assertThat(EmbeddingRows.baseVersion(rolled)).as("a delta on what was published").isEqualTo(3);
            assertThat(rolled.manifest().params()).containsEntry("kind", "rollback").containsEntry("rolledBackFrom", "1")
                    .containsEntry("trainedVersion", "1").containsEntry("replacedVersion", "3")
                    .containsEntry("reason", "bad retrain").containsEntry("requestedAt", "2026-11-25T03:00:00Z")
                    .containsEntry("dataFrom", param(vs.get(0), "dataFrom")).containsEntry("method", "bpr");
            assertThat(rolled.manifest().metrics().get("recall@20")).isEqualTo(vs.get(0).manifest().metrics().get("recall@20"));
            assertThat(EmbeddingRows.decode(rolled, "users").removed()).as("users version 1 did not know")
                    .containsExactlyInAnyOrderElementsOf(later.stream().map(u -> u.userId).distinct().toList());
            EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
            List<EmbeddingModel> models = new ArrayList<>();
            for (ModelVersion v : vs) models.add(assembler.apply(v));
            assertSameTables(models.get(3), models.get(0));

            // Fold-in goes on on top of the rolled-back tables: the later users again, as on version 1.
            h.setProcessingTime(h.getProcessingTime() + 1_000);
            vs = versions(h);
            assertThat(vs).hasSize(5);
            ModelVersion fold = vs.get(4);
            assertThat(fold.manifest().params()).containsEntry("kind", "fold-in").containsEntry("trainedVersion", "1");
            EmbeddingModel folded = assembler.apply(fold);
            assertSameRows(folded.users(), models.get(1).users());
            // Items of the later users that version 1 lacks are folded in again too, from the same adopters.
            assertSameRows(folded.items(), models.get(1).items());

            // The next retrain starts from the rolled-back version and is gated against what is published.
            t = h.getProcessingTime();
            feed(h, first);
            h.setProcessingTime(t + interval.toMillis());
            all = advanceUntil(h, v -> v.size() == 6);
            ModelVersion next = all.get(5);
            assertThat(param(next, "kind")).isEqualTo("retrain");
            assertThat(EmbeddingRows.baseVersion(next)).isEqualTo(5);

            TrainingWindow window = new TrainingWindow(s.windowSize());
            for (List<HistoryUpdate> part : List.of(first, later, first)) {
                for (HistoryUpdate u : part) window.update(u.userId, u.items, u.oldest, u.newest);
            }
            EmbeddingModel v1 = models.get(0);
            WarmStart warm = new WarmStart(IdIndex.of(List.copyOf(v1.users().keySet())), IdIndex.of(List.copyOf(v1.items().keySet())),
                    new EmbeddingTables(v1.users().size(), v1.items().size(), v1.dim(), flatten(v1.users(), v1.dim()),
                            flatten(v1.items(), v1.dim())));
            RetrainOutcome expected = new RetrainTask(new ArrayList<>(window.entries().entrySet()), s.trainingConfig(),
                    warm, tables(folded)).run(() -> false);
            assertThat(next.manifest().metrics().get("published.recall@20")).isEqualTo(expected.current().recall());
            assertThat(next.manifest().metrics().get("recall@20")).isEqualTo(expected.candidate().recall());
            EmbeddingModel retrained = assembler.apply(next);
            var m = expected.model();
            int dim = m.config().dim();
            for (int r = 0; r < m.users().size(); r++) {
                assertThat(bits(retrained.users().get(m.users().id(r)))).as(m.users().id(r))
                        .containsExactly(bits(java.util.Arrays.copyOfRange(m.representations().users(), r * dim, (r + 1) * dim)));
            }
            assertThat(retrained.users()).hasSize(m.users().size());
        }
        // The snapshot store got the rollback as its own new version, with version 1's tables.
        try (ModelSnapshotStore store = ModelSnapshotStore.open(snapshots, 3)) {
            List<Long> kept = store.versions("recs");
            ModelSnapshot rolled = null;
            for (long v : kept) {
                ModelSnapshot snap = store.load("recs", v);
                if ("rollback".equals(snap.manifest().params().get("kind"))) rolled = snap;
            }
            assertThat(rolled).as("a rollback among the stored versions " + kept).isNotNull();
            assertThat(rolled.manifest().params()).containsEntry("publishedVersion", "4").containsEntry("rolledBackFrom", "1");
            EmbeddingModel v1 = EmbeddingModelAssembler.assemble(all.subList(0, 1)).get("recs");
            for (int r = 0; r < rolled.users().size(); r++) {
                int dim = rolled.representations().dim();
                assertThat(bits(java.util.Arrays.copyOfRange(rolled.representations().users(), r * dim, (r + 1) * dim)))
                        .containsExactly(bits(v1.users().get(rolled.users().id(r))));
            }
            assertThat(rolled.users().size()).isEqualTo(v1.users().size());
        }
    }

    @Test
    void aRollbackDuringARetrainDiscardsTheRetrainAndACheckpointAfterItDoesNotStartItAgain() throws Exception {
        List<HistoryUpdate> updates = updates();
        RetrainSettings s = settings(Duration.ZERO, updates.size(), 1.0, Duration.ZERO, "");
        OperatorSubtaskState after;
        try (var h = harness(s)) {
            h.open();
            feed(h, updates);
            advanceUntil(h, vs -> vs.size() == 1);
            feed(h, updates);
            advanceUntil(h, vs -> vs.size() == 2);
            // The third pass starts a retrain; processing time stands still, so its result cannot be applied yet.
            feed(h, updates);
            rollback(h, 1, null, 0);
            List<ModelVersion> vs = versions(h);
            assertThat(vs).hasSize(3);
            assertThat(vs.get(2).manifest().params()).containsEntry("kind", "rollback").containsEntry("rolledBackFrom", "1")
                    .doesNotContainKey("reason");
            h.prepareSnapshotPreBarrier(1);
            after = h.snapshot(1, h.getProcessingTime());
            // The cancelled retrain ends and is polled; nothing more is published.
            for (int k = 0; k < 30; k++) {
                h.setProcessingTime(h.getProcessingTime() + 100);
                Thread.sleep(20);
            }
            assertThat(TrainingLock.isTraining()).isFalse();
            assertThat(versions(h)).hasSize(3);
        }
        try (var h = harness(s)) {
            h.initializeState(after);
            h.open();
            for (int k = 0; k < 30; k++) {
                assertThat(TrainingLock.isTraining()).as("a discarded retrain started again after the restore").isFalse();
                h.setProcessingTime(h.getProcessingTime() + 100);
                Thread.sleep(20);
            }
            assertThat(h.extractOutputValues()).isEmpty();
            // The trainer goes on: the next retrain is version 4, a delta on the rollback.
            feed(h, updates);
            ModelVersion next = awaitVersions(h).get(0);
            assertThat(next.version()).isEqualTo(4);
            assertThat(param(next, "kind")).isEqualTo("retrain");
            assertThat(EmbeddingRows.baseVersion(next)).isEqualTo(3);
        }
    }

    /**
     * The checkpoint in the resources was written by the one-input trainer before the control input existed (see
     * OneInputTrainerSnapshotWriter in the history of this file's directory): two accepted versions, state POJOs
     * without the fields added since. It restores into today's trainer, which rolls back to either version.
     */
    @Test
    void aCheckpointOfTheOneInputTrainerRestoresAndRollsBack() throws Exception {
        Path dir = Path.of(RetrainOperatorTest.class.getResource("/retrain-snapshots").toURI());
        OperatorSubtaskState old = OperatorSnapshotUtil.readStateHandle(dir.resolve("one-input-trainer.snapshot").toString());
        List<KeyedBytes> published = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("one-input-trainer.models.tsv"))) {
            String[] kv = line.split("\t");
            published.add(new KeyedBytes(kv[0], Base64.getDecoder().decode(kv[1])));
        }
        List<ModelVersion> before = versions(published);
        assertThat(before).extracting(ModelVersion::version).containsExactly(1L, 2L);

        try (var h = harness(settings(Duration.ZERO, updates().size(), 1.0, Duration.ZERO, ""))) {
            h.initializeState(old);
            h.open();
            rollback(h, 5, null, 0);
            rollback(h, 2, null, 1);
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(DeadLetter::reason).containsExactly(
                    "no version 5 kept for recs; kept: [1, 2], current 2",
                    "version 2 is already the current version of recs; kept: [1, 2]");
            assertThat(dead.get(0).stage()).isEqualTo("retrain/rollback");
            assertThat(dead.get(0).sourceTopic()).isEqualTo("eddy.control");
            assertThat(dead.get(1).offset()).isEqualTo(1L);
            assertThat(EventJson.parseControlCommand(dead.get(1).raw()).toVersion()).isEqualTo(2L);

            rollback(h, 1, "back", 2);
            rollback(h, 2, "forth", 3);
            List<ModelVersion> after = versions(h.extractOutputValues());
            assertThat(after).extracting(ModelVersion::version).containsExactly(3L, 4L);
            // Older state did not record the training configuration or the data window: the params leave them out.
            assertThat(after.get(0).manifest().params()).containsEntry("rolledBackFrom", "1").containsEntry("trainedVersion", "1")
                    .containsEntry("replacedVersion", "2").doesNotContainKey("dataFrom").doesNotContainKey("method");
            assertThat(after.get(1).manifest().params()).containsEntry("rolledBackFrom", "2").containsEntry("replacedVersion", "3");
            assertThat(after.get(0).manifest().metrics().get("recall@20")).isEqualTo(before.get(0).manifest().metrics().get("recall@20"));

            List<ModelVersion> lineage = new ArrayList<>(before);
            lineage.addAll(after);
            EmbeddingModelAssembler assembler = new EmbeddingModelAssembler();
            List<EmbeddingModel> models = new ArrayList<>();
            for (ModelVersion v : lineage) models.add(assembler.apply(v));
            assertSameTables(models.get(2), models.get(0));
            assertSameTables(models.get(3), models.get(1));
        }
    }
}
