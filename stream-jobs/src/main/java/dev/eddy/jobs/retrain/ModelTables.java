package dev.eddy.jobs.retrain;

import dev.eddy.recsys.lifecycle.IdTables;

/**
 * Embedding tables with their row ids as a Flink POJO for RocksDB state (see {@link IdTables}, which is what the
 * lifecycle works with): a published version's scoring tables (the base of the next delta) or an accepted version's
 * parameters (what a retrain warm-starts from). Its class name and fields are in checkpoints.
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

    /** The state form of {@code t} (arrays shared, not copied). */
    public static ModelTables of(IdTables t) {
        return new ModelTables(t.userIds(), t.itemIds(), t.dim(), t.users(), t.items());
    }

    /** These tables as the lifecycle works with them (arrays shared, not copied). */
    public IdTables idTables() {
        return new IdTables(userIds, itemIds, dim, users, items);
    }
}
