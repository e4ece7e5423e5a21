package dev.eddy.jobs.retrain;

import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.train.EmbeddingTables;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Embedding tables with their row ids, as a Flink POJO for RocksDB state: a published version's scoring tables (the
 * base of the next delta) or an accepted version's parameters (what a retrain warm-starts from).
 */
public class ModelTables {
    public String[] userIds;
    public String[] itemIds;
    public int dim;
    public float[] users;
    public float[] items;

    public ModelTables() {}

    public ModelTables(String[] userIds, String[] itemIds, int dim, float[] users, float[] items) {
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.dim = dim;
        this.users = users;
        this.items = items;
    }

    static ModelTables of(IdIndex userIds, IdIndex itemIds, EmbeddingTables t) {
        return new ModelTables(userIds.ids().toArray(String[]::new), itemIds.ids().toArray(String[]::new), t.dim(),
                t.users(), t.items());
    }

    IdIndex userIndex() {
        return IdIndex.of(Arrays.asList(userIds));
    }

    IdIndex itemIndex() {
        return IdIndex.of(Arrays.asList(itemIds));
    }

    EmbeddingTables tables() {
        return new EmbeddingTables(userIds.length, itemIds.length, dim, users, items);
    }

    Map<String, Integer> userRows() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < userIds.length; i++) m.put(userIds[i], i);
        return m;
    }

    Map<String, Integer> itemRows() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < itemIds.length; i++) m.put(itemIds[i], i);
        return m;
    }

    /**
     * These tables laid out on another id order (a new training set's): known rows copied, unknown ones zero, so
     * an unknown user or item scores 0 — what a reader of these tables could do for them.
     */
    EmbeddingTables alignedTo(IdIndex userOrder, IdIndex itemOrder) {
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
    ModelTables withUsers(String[] ids, float[] rows) {
        String[] u = Arrays.copyOf(userIds, userIds.length + ids.length);
        System.arraycopy(ids, 0, u, userIds.length, ids.length);
        float[] f = Arrays.copyOf(users, users.length + rows.length);
        System.arraycopy(rows, 0, f, users.length, rows.length);
        return new ModelTables(u, itemIds, dim, f, items);
    }

    /** The same tables with more item rows appended (fold-in). */
    ModelTables withItems(String[] ids, float[] rows) {
        String[] i = Arrays.copyOf(itemIds, itemIds.length + ids.length);
        System.arraycopy(ids, 0, i, itemIds.length, ids.length);
        float[] f = Arrays.copyOf(items, items.length + rows.length);
        System.arraycopy(rows, 0, f, items.length, rows.length);
        return new ModelTables(userIds, i, dim, users, f);
    }
}
