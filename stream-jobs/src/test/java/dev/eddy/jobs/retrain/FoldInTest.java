package dev.eddy.jobs.retrain;

import dev.eddy.connectors.model.EmbeddingRows;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fold-in of new users and the delta of a table against its base. */
class FoldInTest {
    private static final ModelTables MODEL = new ModelTables(new String[] {"u"}, new String[] {"a", "b", "c"}, 2,
            new float[] {9, 9}, new float[] {1, 2, 3, 6, -1, 0});

    @Test
    void aNewUserIsTheMeanOfItsKnownItems() {
        float[] v = FoldIn.userVector(new String[] {"a", "new-item", "b"}, MODEL, MODEL.itemRows()).orElseThrow();
        assertThat(v).containsExactly(2f, 4f);
        float[] scoresOfA = {v[0] * 1 + v[1] * 2, v[0] * 3 + v[1] * 6, v[0] * -1};
        assertThat(scoresOfA[1]).as("the user's own kind of item ranks first").isGreaterThan(scoresOfA[2]);
        assertThat(FoldIn.userVector(new String[] {"unknown"}, MODEL, MODEL.itemRows())).isEmpty();
    }

    @Test
    void aDeltaSendsChangedAndNewRowsAndNamesRemovedOnes() {
        ModelTables next = new ModelTables(new String[0], new String[] {"c", "a", "d"}, 2, new float[0],
                new float[] {-1, -0f, 1, 2, 7, 7});
        EmbeddingRows.Changes ch = TableDiff.changes(MODEL.itemIds, MODEL.items, MODEL.itemRows(), next.itemIds,
                next.items, 2);
        // a unchanged (moved row, same bits): not sent; c changed 0.0 → -0.0: sent; d new; b removed.
        assertThat(ch.ids()).containsExactly("c", "d");
        assertThat(ch.rows()).containsExactly(-1f, -0f, 7f, 7f);
        assertThat(ch.removed()).containsExactly("b");
        EmbeddingRows.Changes full = TableDiff.changes(null, null, Map.of(), next.itemIds, next.items, 2);
        assertThat(full.ids()).containsExactly("c", "a", "d");
        assertThat(full.removed()).isEmpty();
    }

    @Test
    void theGateComparesOnTheSameSlice() {
        HoldoutMetrics cur = new HoldoutMetrics(0.30, 0.2);
        assertThat(Gate.decide(new HoldoutMetrics(0.295, 0.2), cur, 100, 0.01).accepted()).isTrue();
        Gate.Decision worse = Gate.decide(new HoldoutMetrics(0.28, 0.2), cur, 100, 0.01);
        assertThat(worse.accepted()).isFalse();
        assertThat(worse.reason()).contains("recall@20 0.2800 < 0.2900");
        assertThat(Gate.decide(new HoldoutMetrics(0.28, 0.2), null, 100, 0.01).accepted()).as("first version").isTrue();
        assertThat(Gate.decide(new HoldoutMetrics(0.31, 0.2), cur, 100, -0.02).accepted()).as("must improve by 0.02").isFalse();
    }
}
