package dev.eddy.serving.model;

import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.serving.retrieval.AnnIndex;
import dev.eddy.serving.retrieval.AnnTopK;
import dev.eddy.serving.retrieval.IvfTopK;
import dev.eddy.serving.retrieval.ExactTopK;
import dev.eddy.serving.retrieval.RandomCatalogue;
import dev.eddy.serving.retrieval.RetrievalSettings;
import dev.eddy.serving.retrieval.ScoredItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingIndexTest {

    private static EmbeddingModel model(int items, int dim) {
        RandomCatalogue c = RandomCatalogue.lowRank(items, dim, 4, 31);
        Map<String, float[]> itemMap = new LinkedHashMap<>();
        for (int i = 0; i < items; i++) itemMap.put(c.ids()[i], java.util.Arrays.copyOfRange(c.rows(), i * dim, (i + 1) * dim));
        Map<String, float[]> users = new LinkedHashMap<>();
        users.put("alice", itemMap.get("item-7").clone());
        return new EmbeddingModel("recs", 3, dim, users, itemMap);
    }

    @Test
    void aSmallCatalogueIsServedByTheExactScanAlone() throws Exception {
        EmbeddingIndex index = EmbeddingIndex.of(model(500, 8), RetrievalSettings.DEFAULT, r -> {
            throw new AssertionError("no background build for a small catalogue");
        });
        assertThat(index.retrieverReady().get(1, TimeUnit.SECONDS)).isInstanceOf(ExactTopK.class);
        assertThat(index.usesAnn()).isFalse();
        assertThat(index.userVector("alice")).isPresent();
        assertThat(index.userVector("bob")).isEmpty();
        assertThat(index.itemVector("item-7").orElseThrow()).containsExactly(index.userVector("alice").orElseThrow());
        assertThat(index.recommend("bob", 5, id -> false)).isEmpty();
        List<ScoredItem> top = index.recommend("alice", 5, Set.of("item-7")::contains).orElseThrow();
        assertThat(top).hasSize(5).extracting(ScoredItem::id).doesNotContain("item-7");
    }

    /** The retrain job's fold-in of a new item: a delta that adds an item row, answered with it at once. */
    @Test
    void aVersionThatAddsAnItemIsAnsweredWithItAtOnce() throws Exception {
        EmbeddingModel v3 = model(500, 8);
        EmbeddingIndex served = EmbeddingIndex.of(v3, RetrievalSettings.DEFAULT, r -> {
            throw new AssertionError("no background build for a small catalogue");
        });
        Map<String, float[]> items = new LinkedHashMap<>(v3.items());
        float[] row = v3.users().get("alice").clone();
        for (int f = 0; f < row.length; f++) row[f] *= 10;
        items.put("new-item", row);
        EmbeddingModel v4 = new EmbeddingModel("recs", 4, 8, v3.users(), items);
        EmbeddingIndex next = EmbeddingIndex.of(v4, RetrievalSettings.DEFAULT, r -> {
            throw new AssertionError("no background build for a small catalogue");
        }, served);
        assertThat(next.items()).isEqualTo(501);
        assertThat(next.retrieverReady()).isCompleted();
        assertThat(next.recommend("alice", 1, id -> false).orElseThrow()).extracting(ScoredItem::id).containsExactly("new-item");
        assertThat(served.recommend("alice", 501, id -> false).orElseThrow()).extracting(ScoredItem::id).doesNotContain("new-item");
    }

    private static Class<?> retrieverOf(AnnIndex kind) {
        return kind == AnnIndex.IVF ? IvfTopK.class : AnnTopK.class;
    }

    /**
     * Small catalogues need a larger share of their lists than the default allows (100 items of 3,000 is 3 % of the
     * catalogue), so these tests let the inverted file scan up to half of them.
     */
    private static RetrievalSettings settings(AnnIndex kind) {
        return RetrievalSettings.DEFAULT.withExactUpTo(1_000).withIndex(kind)
                .withIvf(new IvfTopK.Params(0, 2, 12, 40_000, 17, 0.9, 0.5));
    }

    @Test
    void anInvertedFileThatMissesItsRecallTargetWithinItsScanLimitGivesWayToTheGraph() throws Exception {
        // Users that point in no particular direction, and the default limit of 5 % of the lists.
        RandomCatalogue c = RandomCatalogue.gaussian(3_000, 16, 5);
        Map<String, float[]> items = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i++) items.put(c.ids()[i], java.util.Arrays.copyOfRange(c.rows(), i * 16, (i + 1) * 16));
        Map<String, float[]> users = new LinkedHashMap<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        for (int u = 0; u < 50; u++) users.put("u" + u, RandomCatalogue.query(16, r));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            EmbeddingIndex index = EmbeddingIndex.of(new EmbeddingModel("recs", 1, 16, users, items),
                    RetrievalSettings.DEFAULT.withExactUpTo(1_000), background);
            assertThat(index.retrieverReady().get(60, TimeUnit.SECONDS)).isInstanceOf(AnnTopK.class);
        } finally {
            background.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(AnnIndex.class)
    void aLargeCatalogueAnswersExactlyUntilTheBackgroundAnnIsBuiltThenSwitches(AnnIndex kind) throws Exception {
        EmbeddingModel m = model(3_000, 16);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            // The build waits for the latch, so the test sees the exact scan answering first.
            EmbeddingIndex index = EmbeddingIndex.of(m, settings(kind), task ->
                    background.execute(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        task.run();
                    }));
            float[] q = index.userVector("alice").orElseThrow();
            assertThat(index.usesAnn()).isFalse();
            List<String> exact = index.topK(q, 10, id -> false).stream().map(ScoredItem::id).toList();

            release.countDown();
            assertThat(index.retrieverReady().get(60, TimeUnit.SECONDS)).isInstanceOf(retrieverOf(kind));

            assertThat(index.usesAnn()).isTrue();
            assertThat(index.retriever()).isInstanceOf(retrieverOf(kind));
            List<String> ann = new ArrayList<>(index.topK(q, 10, id -> false).stream().map(ScoredItem::id).toList());
            ann.retainAll(exact);
            assertThat(ann.size()).isGreaterThanOrEqualTo(8);
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void aCancelledBuildNeverStartsAndTheExactScanStays() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        EmbeddingIndex index = EmbeddingIndex.of(model(2_000, 8), RetrievalSettings.DEFAULT.withExactUpTo(1_000), queued::add);
        index.cancelBackgroundBuild();
        queued.forEach(Runnable::run);
        assertThat(index.retrieverReady()).isCompletedExceptionally();
        assertThat(index.usesAnn()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(AnnIndex.class)
    void aNewVersionWithTheSameItemVectorsKeepsTheBuiltIndex(AnnIndex kind) throws Exception {
        EmbeddingModel v3 = model(3_000, 16);
        RetrievalSettings settings = settings(kind);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            EmbeddingIndex served = EmbeddingIndex.of(v3, settings, background);
            assertThat(served.retrieverReady().get(60, TimeUnit.SECONDS)).isInstanceOf(retrieverOf(kind));

            // A fold-in delta: one more user, the item arrays untouched (as the assembler leaves them).
            Map<String, float[]> users = new LinkedHashMap<>(v3.users());
            users.put("carol", new float[16]);
            EmbeddingModel v4 = new EmbeddingModel("recs", 4, 16, users, v3.items());
            EmbeddingIndex next = EmbeddingIndex.of(v4, settings, r -> {
                throw new AssertionError("no rebuild when only users changed");
            }, served);
            assertThat(next.usesAnn()).isTrue();
            assertThat(next.retriever()).isSameAs(served.retriever());
            assertThat(next.userVector("carol")).isPresent();

            // New item vectors: an index of its own, built in the background (exact until then).
            Map<String, float[]> items = new LinkedHashMap<>();
            v3.items().forEach((id, v) -> items.put(id, v.clone()));
            EmbeddingModel v5 = new EmbeddingModel("recs", 5, 16, users, items);
            EmbeddingIndex rebuilt = EmbeddingIndex.of(v5, settings, background, next);
            assertThat(rebuilt.retrieverReady().get(120, TimeUnit.SECONDS)).isInstanceOf(retrieverOf(kind))
                    .isNotSameAs(served.retriever());
        } finally {
            background.shutdownNow();
        }
    }
}
