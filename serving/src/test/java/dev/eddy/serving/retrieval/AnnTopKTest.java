package dev.eddy.serving.retrieval;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

class AnnTopKTest {
    private static final int N = 20_000;
    private static final int DIM = 32;
    private static RandomCatalogue catalogue;
    private static ExactTopK exact;
    private static AnnTopK ann;

    @BeforeAll
    static void build() {
        catalogue = RandomCatalogue.lowRank(N, DIM, 8, 21);
        exact = new ExactTopK(catalogue.ids(), catalogue.rows(), DIM);
        ann = AnnTopK.build(catalogue.ids(), catalogue.rows(), DIM, AnnTopK.Params.DEFAULT, ForkJoinPool.commonPool());
    }

    private static double recallAt10(List<String> excluded, int queries, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> ex = Set.copyOf(excluded);
        int hits = 0;
        for (int i = 0; i < queries; i++) {
            float[] q = RandomCatalogue.query(DIM, r);
            Set<String> truth = new HashSet<>(exact.topK(q, 10, ex::contains).stream().map(ScoredItem::id).toList());
            List<ScoredItem> got = ann.topK(q, 10, ex::contains);
            assertThat(got).hasSize(10);
            if (!ex.isEmpty()) assertThat(got).extracting(ScoredItem::id).doesNotContainAnyElementsOf(ex);
            for (ScoredItem s : got) if (truth.contains(s.id())) hits++;
        }
        return hits / (10.0 * queries);
    }

    @Test
    void recallAt10AgainstTheExactScanIsAtLeast90Percent() {
        assertThat(ann.graphSize()).isEqualTo(N);
        assertThat(recallAt10(List.of(), 200, 22)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void excludedItemsAreFilteredWithoutLosingRecall() {
        // Exclude the exact top 30 of many queries' neighbourhoods at once: the filter has to do real work.
        SplittableRandom r = new SplittableRandom(23);
        List<String> excluded = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            exact.topK(RandomCatalogue.query(DIM, r), 30, id -> false).forEach(s -> excluded.add(s.id()));
        }
        assertThat(recallAt10(excluded, 100, 24)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aFilterThatRejectsAlmostEverythingStillGivesKItems() {
        Set<String> allowed = Set.of("item-3", "item-777", "item-19999");
        List<ScoredItem> got = ann.topK(RandomCatalogue.query(DIM, new SplittableRandom(25)), 5, id -> !allowed.contains(id));
        assertThat(got).extracting(ScoredItem::id).containsExactlyInAnyOrderElementsOf(allowed);
    }

    @Test
    void scoresAreExactInnerProducts() {
        float[] q = RandomCatalogue.query(DIM, new SplittableRandom(26));
        for (ScoredItem s : ann.topK(q, 10, id -> false)) {
            int row = Integer.parseInt(s.id().substring("item-".length()));
            assertThat(s.score()).isEqualTo(ExactTopK.dot(q, catalogue.rows(), row * DIM, DIM));
        }
    }
}
