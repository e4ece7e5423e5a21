package dev.eddy.recsys.snapshot;

import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.TrainedModel;
import dev.eddy.recsys.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSnapshotStoreTest {
    private static final DataWindow WINDOW = new DataWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"), 1234);

    private static TrainedModel model(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int users = 7;
        int items = 11;
        int dim = 5;
        float[] u = new float[users * dim];
        float[] i = new float[items * dim];
        // Values with full mantissas (and a subnormal and a negative zero): any lossy encoding would show.
        for (int k = 0; k < u.length; k++) u[k] = (float) (rng.nextGaussian() / 3.0);
        for (int k = 0; k < i.length; k++) i[k] = (float) (rng.nextGaussian() * 1e3);
        u[0] = Float.MIN_VALUE;
        i[1] = -0.0f;
        EmbeddingTables tables = new EmbeddingTables(users, items, dim, u, i);
        List<String> userIds = java.util.stream.IntStream.range(0, users).mapToObj(k -> "user-" + k).toList();
        List<String> itemIds = java.util.stream.IntStream.range(0, items).mapToObj(k -> "item/" + k + " ü").toList();
        return new TrainedModel(IdIndex.of(userIds), IdIndex.of(itemIds), tables, tables,
                TrainingConfig.builder().dim(dim).seed(seed).build(), List.of(), 3, 0.25);
    }

    @Test
    void roundTripScoresBitIdentically(@TempDir Path dir) {
        TrainedModel trained = model(1);
        try (ModelSnapshotStore store = ModelSnapshotStore.open(dir, 3)) {
            store.save("mf", trained, Map.of("recall@20", 0.31), WINDOW);
        }
        try (ModelSnapshotStore store = ModelSnapshotStore.open(dir, 3)) {
            ModelSnapshot loaded = store.current("mf").orElseThrow();
            assertThat(loaded.version()).isEqualTo(1);
            assertThat(raw(loaded.representations().users())).containsExactly(raw(trained.representations().users()));
            assertThat(raw(loaded.representations().items())).containsExactly(raw(trained.representations().items()));
            int[] all = java.util.stream.IntStream.range(0, 11).toArray();
            for (int u = 0; u < 7; u++) {
                assertThat(raw(loaded.representations().scores(u, all))).containsExactly(raw(trained.representations().scores(u, all)));
            }
            float[] byId = loaded.scores("user-2", List.of("item/3 ü", "nope"));
            assertThat(Float.floatToRawIntBits(byId[0])).isEqualTo(Float.floatToRawIntBits(trained.representations().scores(2, new int[] {3})[0]));
            assertThat(byId[1]).isNaN();
            assertThat(loaded.manifest().metrics()).containsEntry("recall@20", 0.31);
            assertThat(loaded.manifest().params()).containsEntry("dataFrom", "2026-11-01T00:00:00Z")
                    .containsEntry("interactions", "1234").containsEntry("dim", "5").containsEntry("method", "bpr");
            assertThat(loaded.manifest().modelType()).isEqualTo("mf");
            assertThat(loaded.warmStart().users().ids()).isEqualTo(trained.users().ids());
        }
    }

    @Test
    void keepsLastNAndRollsBack(@TempDir Path dir) {
        try (ModelSnapshotStore store = ModelSnapshotStore.open(dir, 2)) {
            for (long s = 1; s <= 4; s++) store.save("mf", model(s), Map.of(), WINDOW);
            assertThat(store.versions("mf")).containsExactly(3L, 4L);
            assertThat(store.current("mf").orElseThrow().version()).isEqualTo(4);

            assertThat(store.rollback("mf")).isEqualTo(3);
            ModelSnapshot current = store.current("mf").orElseThrow();
            assertThat(current.version()).isEqualTo(3);
            assertThat(raw(current.representations().users())).containsExactly(raw(model(3).representations().users()));
            assertThatThrownBy(() -> store.rollback("mf")).hasMessageContaining("no kept version before 3");

            // A new save after a rollback gets a fresh number and becomes current; the rolled-back-to one is kept.
            store.save("mf", model(5), Map.of(), WINDOW);
            assertThat(store.current("mf").orElseThrow().version()).isEqualTo(5);
            assertThat(store.versions("mf")).containsExactly(4L, 5L);
            assertThatThrownBy(() -> store.load("mf", 1)).isInstanceOf(SnapshotStoreException.class).hasMessageContaining("kept: [4, 5]");
            store.rollbackTo("mf", 4);
            assertThat(store.current("mf").orElseThrow().version()).isEqualTo(4);
            assertThat(store.current("other")).isEmpty();
        }
    }

    @Test
    void tablesSavedWithoutATrainingAreANewCurrentVersion(@TempDir Path dir) {
        try (ModelSnapshotStore store = ModelSnapshotStore.open(dir, 3)) {
            store.save("mf", model(1), Map.of("recall@20", 0.31), WINDOW);
            store.save("mf", model(2), Map.of("recall@20", 0.2), WINDOW);
            // What a rollback stores: version 1's tables again, as a new version, with params saying so.
            ModelSnapshot first = store.load("mf", 1);
            ModelSnapshot again = store.save("mf", first.users(), first.items(), first.representations(),
                    first.parameters(), "mf", first.manifest().metrics(), Map.of("kind", "rollback", "rolledBackFrom", "1"));
            assertThat(again.version()).isEqualTo(3);
            assertThat(store.current("mf").orElseThrow().version()).isEqualTo(3);
            assertThat(raw(again.representations().users())).containsExactly(raw(model(1).representations().users()));
            assertThat(raw(again.parameters().items())).containsExactly(raw(model(1).parameters().items()));
            assertThat(again.manifest().params()).containsEntry("kind", "rollback").containsEntry("dim", "5")
                    .containsEntry("users", "7").containsEntry("items", "11");
            assertThat(again.manifest().metrics()).containsEntry("recall@20", 0.31);

            EmbeddingTables wrong = new EmbeddingTables(6, 11, 5, new float[30], new float[55]);
            assertThatThrownBy(() -> store.save("mf", first.users(), first.items(), wrong, wrong, "mf", Map.of(), Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match their ids");
        }
    }

    private static int[] raw(float[] values) {
        int[] bits = new int[values.length];
        for (int k = 0; k < values.length; k++) bits[k] = Float.floatToRawIntBits(values[k]);
        return bits;
    }
}
