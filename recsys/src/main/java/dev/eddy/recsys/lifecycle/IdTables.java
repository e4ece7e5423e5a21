package dev.eddy.recsys.lifecycle;

import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.train.EmbeddingTables;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Embedding tables with the ids of their rows: a published version's scoring tables (the base of the next delta)
 * or an accepted version's parameters (what a retrain warm-starts from). The arrays are shared, never changed in
 * place: a new version always brings new arrays, so that copies of these tables (the retrain job keeps them in its
 * state) can share them. Equality is that of the arrays, by reference.
 *
 * @param userIds user id of each user row
 * @param itemIds item id of each item row
 * @param dim     columns
 * @param users   userIds.length × dim, row-major
 * @param items   itemIds.length × dim, row-major
 */
public record IdTables(String[] userIds, String[] itemIds, int dim, float[] users, float[] items) {

    public static IdTables of(IdIndex userIds, IdIndex itemIds, EmbeddingTables t) {
        return new IdTables(userIds.ids().toArray(String[]::new), itemIds.ids().toArray(String[]::new), t.dim(),
                t.users(), t.items());
    }

    public IdIndex userIndex() {
        return IdIndex.of(Arrays.asList(userIds));
    }

    public IdIndex itemIndex() {
        return IdIndex.of(Arrays.asList(itemIds));
    }

    public EmbeddingTables tables() {
        return new EmbeddingTables(userIds.length, itemIds.length, dim, users, items);
    }

    public Map<String, Integer> userRows() {
        return rows(userIds);
    }

    public Map<String, Integer> itemRows() {
        return rows(itemIds);
    }

    private static Map<String, Integer> rows(String[] ids) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) m.put(ids[i], i);
        return m;
    }

    /**
     * These tables laid out on another id order (a new training set's): known rows copied, unknown ones zero, so
     * an unknown user or item scores 0 — what a reader of these tables could do for them.
     */
    public EmbeddingTables alignedTo(IdIndex userOrder, IdIndex itemOrder) {
        return new EmbeddingTables(userOrder.size(), itemOrder.size(), dim, align(users, userRows(), userOrder),
                align(items, itemRows(), itemOrder));
    }

    private float[] align(float[] rows, Map<String, Integer> byId, IdIndex order) {
        float[] out = new float[order.size() * dim];
        for (int r = 0; r < order.size(); r++) {
            Integer old = byId.get(order.id(r));
            if (old != null) System.arraycopy(rows, old * dim, out, r * dim, dim);
        }
        return out;
    }

    /** The same tables with more user rows appended (fold-in). */
    public IdTables withUsers(String[] ids, float[] rows) {
        return new IdTables(append(userIds, ids), itemIds, dim, append(users, rows), items);
    }

    /** The same tables with more item rows appended (fold-in). */
    public IdTables withItems(String[] ids, float[] rows) {
        return new IdTables(userIds, append(itemIds, ids), dim, users, append(items, rows));
    }

    private static String[] append(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] append(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
