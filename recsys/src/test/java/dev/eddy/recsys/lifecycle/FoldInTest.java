package dev.eddy.recsys.lifecycle;

import dev.eddy.events.model.EmbeddingRows;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Fold-in of new users and items, and the delta of a table against its base. */
class FoldInTest {
    private static final IdTables MODEL = new IdTables(new String[] {"u"}, new String[] {"a", "b", "c"}, 2,
            new float[] {9, 9}, new float[] {1, 2, 3, 6, -1, 0});

    @Test
    void aNewUserIsTheMeanOfItsKnownItems() {
        float[] v = FoldIn.userVector(new String[] {"a", "new-item", "b"}, MODEL, MODEL.itemRows()).orElseThrow();
        assertThat(v).containsExactly(2f, 4f);
        float[] scoresOfA = {v[0] * 1 + v[1] * 2, v[0] * 3 + v[1] * 6, v[0] * -1};
        assertThat(scoresOfA[1]).as("the user's own kind of item ranks first").isGreaterThan(scoresOfA[2]);
        assertThat(FoldIn.userVector(new String[] {"unknown"}, MODEL, MODEL.itemRows())).isEmpty();
    }

    private static final IdTables USERS = new IdTables(new String[] {"p", "q", "r"}, new String[] {"a"}, 2,
            new float[] {1, 2, 3, 6, -1, 0}, new float[] {9, 9});

    @Test
    void aNewItemIsTheMeanOfItsKnownAdopters() {
        float[] v = FoldIn.itemVector(List.of("p", "new-user", "q"), USERS, USERS.userRows()).orElseThrow();
        assertThat(v).containsExactly(2f, 4f);
        assertThat(FoldIn.itemVector(List.of("r"), USERS, USERS.userRows()).orElseThrow()).containsExactly(-1f, 0f);
        assertThat(FoldIn.itemVector(List.of("unknown", "other"), USERS, USERS.userRows())).isEmpty();
        assertThat(FoldIn.itemVector(List.of(), USERS, USERS.userRows())).isEmpty();
    }

    @Test
    void adoptersAreTheWindowEntrysWithTheItemInWindowOrder() {
        Map<String, WindowEntry> window = new LinkedHashMap<>();
        window.put("q", new WindowEntry(new String[] {"a", "n"}, 0, 1, 0));
        window.put("x", new WindowEntry(new String[] {"a"}, 0, 1, 1));
        window.put("p", new WindowEntry(new String[] {"n", "m"}, 0, 1, 2));
        Map<String, List<String>> a = FoldIn.adopters(window, Set.of("n", "m", "nobody"));
        assertThat(a).containsOnlyKeys("n", "m");
        assertThat(a.get("n")).containsExactly("q", "p");
        assertThat(a.get("m")).containsExactly("p");
    }

    /**
     * Published: users p, q (rows (1,2), (3,6)), items a, b. Window: known p has new item n; new user x has a and n;
     * new user y has only new items (n, z); z has no adopter the tables know or can fold. The round folds x from a,
     * then n from p and the freshly folded x, then y from the freshly folded n; z and nothing else stays out.
     */
    @Test
    void aRoundFoldsUsersThenItemsFromKnownAndFreshAdoptersThenUsersOfNewItems() {
        IdTables base = new IdTables(new String[] {"p", "q"}, new String[] {"a", "b"}, 2,
                new float[] {1, 2, 3, 6}, new float[] {5, 0, 0, 5});
        Map<String, WindowEntry> window = new LinkedHashMap<>();
        window.put("p", new WindowEntry(new String[] {"a", "n"}, 0, 1, 0));
        window.put("x", new WindowEntry(new String[] {"a", "n"}, 0, 1, 1));
        window.put("y", new WindowEntry(new String[] {"n", "z"}, 0, 1, 2));
        window.put("gone-from-tables", new WindowEntry(new String[] {"b"}, 0, 1, 3));
        FoldInRound r = FoldInRound.of(base, window, List.of("x", "y", "p", "not-in-window"), List.of("n", "z", "a"));
        assertThat(r.users()).containsExactly("x", "y");
        assertThat(r.items()).containsExactly("n");
        IdTables t = r.tables();
        assertThat(t.userIds()).containsExactly("p", "q", "x", "y");
        assertThat(t.itemIds()).containsExactly("a", "b", "n");
        // x = a = (5, 0); n = mean(p, x) = (3, 1); y = mean of its folded items = n.
        assertThat(t.users()).containsExactly(1, 2, 3, 6, 5, 0, 3, 1);
        assertThat(t.items()).containsExactly(5, 0, 0, 5, 3, 1);
        assertThat(FoldInRound.of(base, window, List.of("p"), List.of("a", "b")).isEmpty()).as("all known").isTrue();
    }

    @Test
    void aDeltaSendsChangedAndNewRowsAndNamesRemovedOnes() {
        IdTables next = new IdTables(new String[0], new String[] {"c", "a", "d"}, 2, new float[0],
                new float[] {-1, -0f, 1, 2, 7, 7});
        EmbeddingRows.Changes ch = TableDiff.changes(MODEL.itemIds(), MODEL.items(), MODEL.itemRows(), next.itemIds(),
                next.items(), 2);
        // a unchanged (moved row, same bits): not sent; c changed 0.0 → -0.0: sent; d new; b removed.
        assertThat(ch.ids()).containsExactly("c", "d");
        assertThat(ch.rows()).containsExactly(-1f, -0f, 7f, 7f);
        assertThat(ch.removed()).containsExactly("b");
        EmbeddingRows.Changes full = TableDiff.changes(null, null, Map.of(), next.itemIds(), next.items(), 2);
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
