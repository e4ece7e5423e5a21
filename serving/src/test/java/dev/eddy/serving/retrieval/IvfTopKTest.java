package dev.eddy.serving.retrieval;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IvfTopKTest {
    private static final int N = 20_000;
    private static final int DIM = 32;
    private static RandomCatalogue lowRank;
    private static ExactTopK lowRankExact;
    private static IvfTopK lowRankIvf;

    @BeforeAll
    static void build() {
        lowRank = RandomCatalogue.lowRank(N, DIM, 8, 21);
        lowRankExact = new ExactTopK(lowRank.ids(), lowRank.rows(), DIM);
        lowRankIvf = IvfTopK.build(lowRank.ids(), lowRank.rows(), DIM, IvfTopK.Params.DEFAULT);
    }

    /** Recall@k against the exact scan over {@code queries} queries, each with its own excluded items. */
    private static double recall(ItemRetriever exact, ItemRetriever ivf, int k, int queries, SplittableRandom r,
                                 Function<SplittableRandom, float[]> query, Function<float[], Set<String>> excluded) {
        int hits = 0;
        for (int i = 0; i < queries; i++) {
            float[] q = query.apply(r);
            Set<String> ex = excluded.apply(q);
            Set<String> truth = new HashSet<>(exact.topK(q, k, ex::contains).stream().map(ScoredItem::id).toList());
            List<ScoredItem> got = ivf.topK(q, k, ex::contains);
            assertThat(got).hasSize(k);
            if (!ex.isEmpty()) assertThat(got).extracting(ScoredItem::id).doesNotContainAnyElementsOf(ex);
            for (ScoredItem s : got) if (truth.contains(s.id())) hits++;
        }
        return hits / (double) (k * queries);
    }

    @Test
    void theDefaultSplitIsAboutTwiceTheRootOfTheCatalogue() {
        assertThat(lowRankIvf.lists()).isEqualTo((int) Math.round(2 * Math.sqrt(N)));
        assertThat(lowRankIvf.size()).isEqualTo(N);
    }

    @Test
    void calibratedOnUsersOfClustersItReaches99PercentRecallAt100ForOtherUsersWithSeenItemsExcluded() {
        int clusters = 16;
        RandomCatalogue c = RandomCatalogue.clustered(N, DIM, clusters, 7);
        ExactTopK exact = new ExactTopK(c.ids(), c.rows(), DIM);
        IvfTopK built = IvfTopK.build(c.ids(), c.rows(), DIM, IvfTopK.Params.DEFAULT);
        SplittableRandom r = new SplittableRandom(11);
        float[][] users = new float[200][];
        for (int i = 0; i < users.length; i++) users[i] = RandomCatalogue.clusteredQuery(DIM, clusters, 7, r.nextInt(clusters), r);
        IvfTopK.Calibration cal = built.calibrate(users, 100, exact, 1.0);
        assertThat(cal.reached()).isTrue();
        assertThat(cal.recall()).isGreaterThanOrEqualTo(0.99);
        assertThat(cal.probes()).isLessThanOrEqualTo((int) Math.ceil(0.05 * built.lists()));
        IvfTopK ivf = built.withProbes(cal.probes());
        // As the load benchmark's users: of a random cluster, with 50 of their best 150 items seen.
        double recall = recall(exact, ivf, 100, 100, r,
                rr -> RandomCatalogue.clusteredQuery(DIM, clusters, 7, rr.nextInt(clusters), rr),
                q -> {
                    List<ScoredItem> best = exact.topK(q, 150, id -> false);
                    Set<String> seen = new HashSet<>();
                    while (seen.size() < 50) seen.add(best.get(r.nextInt(best.size())).id());
                    return seen;
                });
        assertThat(recall).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void calibrationGivesUpAtItsScanLimitWhenQueriesPointNowhereInParticular() {
        RandomCatalogue c = RandomCatalogue.gaussian(N, DIM, 3);
        IvfTopK built = IvfTopK.build(c.ids(), c.rows(), DIM, IvfTopK.Params.DEFAULT);
        SplittableRandom r = new SplittableRandom(12);
        float[][] queries = new float[100][];
        for (int i = 0; i < queries.length; i++) queries[i] = RandomCatalogue.query(DIM, r);
        IvfTopK.Calibration cal = built.calibrate(queries, 100, new ExactTopK(c.ids(), c.rows(), DIM), 1.0);
        assertThat(cal.reached()).isFalse();
        assertThat(cal.recall()).isLessThan(0.99);
        assertThat(cal.probes()).isEqualTo((int) Math.ceil(0.05 * built.lists()));
    }

    @Test
    void moreProbesGiveMoreRecall() {
        SplittableRandom r = new SplittableRandom(22);
        double few = recall(lowRankExact, lowRankIvf.withProbes(4), 10, 100, r, rr -> RandomCatalogue.query(DIM, rr), q -> Set.of());
        double many = recall(lowRankExact, lowRankIvf.withProbes(64), 10, 100, new SplittableRandom(22),
                rr -> RandomCatalogue.query(DIM, rr), q -> Set.of());
        assertThat(few).isLessThan(many);
        assertThat(many).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void probingEveryListIsTheExactScan() {
        IvfTopK all = lowRankIvf.withProbes(lowRankIvf.lists());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            float[] q = RandomCatalogue.query(DIM, r);
            List<ScoredItem> exact = lowRankExact.topK(q, 50, id -> false);
            List<ScoredItem> got = all.topK(q, 50, id -> false);
            assertThat(got).extracting(ScoredItem::id).containsExactlyElementsOf(exact.stream().map(ScoredItem::id).toList());
            for (int j = 0; j < got.size(); j++) assertThat((double) got.get(j).score()).isCloseTo(exact.get(j).score(), within(1e-4));
        }
    }

    @Test
    void scoresAreExactInnerProductsBestFirst() {
        float[] q = RandomCatalogue.query(DIM, new SplittableRandom(3));
        List<ScoredItem> got = lowRankIvf.topK(q, 20, id -> false);
        for (int j = 0; j < got.size(); j++) {
            int row = Integer.parseInt(got.get(j).id().substring("item-".length()));
            double dot = 0;
            for (int d = 0; d < DIM; d++) dot += q[d] * lowRank.rows()[row * DIM + d];
            assertThat((double) got.get(j).score()).isCloseTo(dot, within(1e-4));
            if (j > 0) assertThat(got.get(j).score()).isLessThanOrEqualTo(got.get(j - 1).score());
        }
    }

    @Test
    void aFilterThatRejectsWhatTheBestListsHoldStillGivesKItems() {
        // Every item but 15 excluded: the probed lists hold almost none, so the search goes on down the lists.
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < 15; i++) kept.add("item-" + (i * 1_237));
        float[] q = RandomCatalogue.query(DIM, new SplittableRandom(4));
        List<ScoredItem> got = lowRankIvf.topK(q, 10, id -> !kept.contains(id));
        assertThat(got).hasSize(10).extracting(ScoredItem::id).allMatch(kept::contains).doesNotHaveDuplicates();
        // Asked for more than remain: all of them, as the exact scan gives.
        assertThat(lowRankIvf.topK(q, 20, id -> !kept.contains(id))).extracting(ScoredItem::id)
                .containsExactlyElementsOf(lowRankExact.topK(q, 20, id -> !kept.contains(id)).stream().map(ScoredItem::id).toList());
    }

    @Test
    void theSameItemsGiveTheSameIndexAlsoWhenBuiltOnSeveralThreads() {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
        IvfTopK again;
        try {
            again = IvfTopK.build(lowRank.ids(), lowRank.rows(), DIM, IvfTopK.Params.DEFAULT, pool, 1.0);
        } finally {
            pool.shutdown();
        }
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 10; i++) {
            float[] q = RandomCatalogue.query(DIM, r);
            assertThat(again.topK(q, 30, id -> false)).isEqualTo(lowRankIvf.topK(q, 30, id -> false));
        }
    }

    @Test
    void smallCataloguesAndOddShapesWork() {
        String[] ids = {"a", "b", "c"};
        float[] rows = {1, 0, 0, 1, -1, -1};
        IvfTopK tiny = IvfTopK.build(ids, rows, 2, IvfTopK.Params.DEFAULT);
        assertThat(tiny.lists()).isBetween(1, 3);
        assertThat(tiny.topK(new float[] {1, 0.5f}, 5, id -> false)).extracting(ScoredItem::id).containsExactly("a", "b", "c");
        IvfTopK empty = IvfTopK.build(new String[0], new float[0], 4, IvfTopK.Params.DEFAULT);
        assertThat(empty.topK(new float[4], 3, id -> false)).isEmpty();
        // All-zero items and query: every score 0, ties to the lower row.
        IvfTopK zeros = IvfTopK.build(new String[] {"x", "y"}, new float[4], 2, IvfTopK.Params.DEFAULT);
        assertThat(zeros.topK(new float[2], 2, id -> false)).extracting(ScoredItem::id).containsExactly("x", "y");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> lowRankIvf.topK(new float[DIM - 1], 5, id -> false)).hasMessageContaining("dim is " + DIM);
        assertThatThrownBy(() -> lowRankIvf.topK(new float[DIM], 0, id -> false)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> IvfTopK.build(new String[] {"a"}, new float[3], 2, IvfTopK.Params.DEFAULT))
                .hasMessageContaining("rows has 3 floats for 1 items of dim 2");
        assertThatThrownBy(() -> new IvfTopK.Params(0, 0, 1, 1, 1)).hasMessageContaining("probes must be >= 1");
        assertThatThrownBy(() -> lowRankIvf.calibrate(new float[0][], 10, lowRankExact, 1.0)).hasMessageContaining("at least one query");
    }
}
