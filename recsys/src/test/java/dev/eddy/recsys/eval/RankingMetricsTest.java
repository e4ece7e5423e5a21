package dev.eddy.recsys.eval;

import ai.djl.Device;
import dev.eddy.recsys.data.UserItems;
import dev.eddy.recsys.train.EmbeddingTables;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingMetricsTest {
    private static final double L2 = Math.log(2);

    @Test
    void handComputedRecallAndNdcg() {
        // Ranked list: hit, miss, hit, miss, miss; 3 relevant items in all.
        boolean[] hits = {true, false, true, false, false};
        assertThat(RankingMetrics.recall(hits, 3, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankingMetrics.recall(hits, 3, 5)).isCloseTo(2.0 / 3, within(1e-12));
        double dcg = 1 + 1 / (Math.log(4) / L2); // ranks 1 and 3: 1/log2(2) + 1/log2(4) = 1.5
        assertThat(dcg).isCloseTo(1.5, within(1e-12));
        double idcg3 = 1 + 1 / (Math.log(3) / L2) + 0.5;
        assertThat(RankingMetrics.ndcg(hits, 3, 5)).isCloseTo(1.5 / idcg3, within(1e-12));
        // K = 2: the ideal list holds min(3, 2) = 2 relevant items; only rank 1 is a hit.
        double idcg2 = 1 + 1 / (Math.log(3) / L2);
        assertThat(RankingMetrics.ndcg(hits, 3, 2)).isCloseTo(1 / idcg2, within(1e-12));
        // The PLD-code variant divides by the ideal DCG over all 3 relevant items even at K = 2.
        assertThat(RankingMetrics.ndcgAllRelevant(hits, 3, 2)).isCloseTo(1 / idcg3, within(1e-12));
        assertThat(RankingMetrics.ndcg(new boolean[] {true, true}, 2, 2)).isCloseTo(1.0, within(1e-12));
        assertThat(RankingMetrics.ndcg(new boolean[] {false, false}, 2, 2)).isZero();
    }

    @Test
    void fullRankingMasksKnownItemsAndAveragesOverUsersWithTargets() {
        // 1-d tables: item scores 5, 4, 3, 2, 1 for every user (user weight 1).
        EmbeddingTables tables = new EmbeddingTables(3, 5, 1, new float[] {1, 1, 1}, new float[] {5, 4, 3, 2, 1});
        UserItems train = UserItems.of(new int[][] {{0}, {}, {}});
        UserItems test = UserItems.of(new int[][] {{1, 4}, {0}, {}});
        RankingResult r = FullRankingEvaluator.evaluate(tables, test, List.of(train), new int[] {1, 2}, Device.cpu());
        // User 0: item 0 masked, ranking 1, 2, 3, 4 → hit at rank 1 (item 1), item 4 at rank 4.
        // User 1: ranking 0, 1, ... → hit at rank 1. User 2 has no test items and is left out.
        assertThat(r.users()).isEqualTo(2);
        assertThat(r.get("recall@1")).isCloseTo((0.5 + 1.0) / 2, within(1e-9));
        assertThat(r.get("recall@2")).isCloseTo((0.5 + 1.0) / 2, within(1e-9));
        double idcg2 = 1 + 1 / (Math.log(3) / L2);
        assertThat(r.get("ndcg@2")).isCloseTo((1 / idcg2 + 1.0) / 2, within(1e-6));
        assertThat(r.get("ndcg@1")).isCloseTo(1.0, within(1e-9));
    }
}
