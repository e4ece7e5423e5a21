package dev.eddy.serving.retrieval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactTopKTest {

    /** Every item scored in double precision, sorted by score then row: what the scan must reproduce. */
    private static List<String> bruteForce(RandomCatalogue c, float[] q, int k, Predicate<String> exclude) {
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < c.ids().length; i++) {
            if (exclude.test(c.ids()[i])) continue;
            double s = 0;
            for (int d = 0; d < c.dim(); d++) s += (double) q[d] * c.rows()[i * c.dim() + d];
            scored.add(new double[] {s, i});
        }
        scored.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> a[1]));
        return scored.stream().limit(k).map(a -> c.ids()[(int) a[1]]).toList();
    }

    @Test
    void matchesABruteForceSortForSeveralDimsAndK() {
        SplittableRandom r = new SplittableRandom(11);
        for (int dim : new int[] {1, 7, 8, 33, 64}) {
            RandomCatalogue c = RandomCatalogue.gaussian(3_000, dim, dim);
            ExactTopK topK = new ExactTopK(c.ids(), c.rows(), dim);
            for (int k : new int[] {1, 10, 100}) {
                float[] q = RandomCatalogue.query(dim, r);
                List<ScoredItem> got = topK.topK(q, k, id -> false);
                assertThat(got).extracting(ScoredItem::id).as("dim %d k %d", dim, k)
                        .containsExactlyElementsOf(bruteForce(c, q, k, id -> false));
                for (int i = 1; i < got.size(); i++) assertThat(got.get(i).score()).isLessThanOrEqualTo(got.get(i - 1).score());
            }
        }
    }

    @Test
    void scoresAreTheInnerProducts() {
        RandomCatalogue c = RandomCatalogue.gaussian(50, 19, 3);
        float[] q = RandomCatalogue.query(19, new SplittableRandom(4));
        for (ScoredItem s : new ExactTopK(c.ids(), c.rows(), 19).topK(q, 5, id -> false)) {
            int row = Integer.parseInt(s.id().substring("item-".length()));
            double expected = 0;
            for (int d = 0; d < 19; d++) expected += (double) q[d] * c.rows()[row * 19 + d];
            assertThat((double) s.score()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void excludedItemsAreSkippedAndKItemsStillReturned() {
        RandomCatalogue c = RandomCatalogue.gaussian(2_000, 16, 5);
        ExactTopK topK = new ExactTopK(c.ids(), c.rows(), 16);
        float[] q = RandomCatalogue.query(16, new SplittableRandom(6));
        List<String> unfiltered = topK.topK(q, 20, id -> false).stream().map(ScoredItem::id).toList();
        Set<String> seen = Set.copyOf(unfiltered.subList(0, 15));

        List<ScoredItem> got = topK.topK(q, 20, seen::contains);

        assertThat(got).hasSize(20).extracting(ScoredItem::id).doesNotContainAnyElementsOf(seen)
                .containsExactlyElementsOf(bruteForce(c, q, 20, seen::contains));
    }

    @Test
    void kLargerThanTheCatalogueReturnsEveryItemNotExcluded() {
        RandomCatalogue c = RandomCatalogue.gaussian(12, 4, 7);
        ExactTopK topK = new ExactTopK(c.ids(), c.rows(), 4);
        float[] q = RandomCatalogue.query(4, new SplittableRandom(8));

        assertThat(topK.topK(q, 100, id -> false)).hasSize(12);
        assertThat(topK.topK(q, 100, Set.of("item-0", "item-5")::contains)).hasSize(10)
                .extracting(ScoredItem::id).containsExactlyElementsOf(bruteForce(c, q, 100, Set.of("item-0", "item-5")::contains));
        assertThat(new ExactTopK(new String[0], new float[0], 4).topK(q, 3, id -> false)).isEmpty();
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        RandomCatalogue c = RandomCatalogue.gaussian(5, 3, 9);
        ExactTopK topK = new ExactTopK(c.ids(), c.rows(), 3);
        assertThatThrownBy(() -> topK.topK(new float[] {1, 2, 3}, 0, id -> false)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> topK.topK(new float[] {1, 2}, 1, id -> false)).hasMessageContaining("query has 2 values, dim is 3");
        assertThatThrownBy(() -> topK.topK(new float[] {1, Float.NaN, 3}, 1, id -> false)).hasMessageContaining("query[1] is NaN");
        assertThatThrownBy(() -> new ExactTopK(c.ids(), new float[14], 3)).hasMessageContaining("rows has 14 floats for 5 items of dim 3");
    }
}
