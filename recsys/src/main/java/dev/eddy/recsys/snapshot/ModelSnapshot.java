package dev.eddy.recsys.snapshot;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.WarmStart;

/**
 * One stored version of a recommender: what serving scores with and what the next retraining starts from.
 *
 * @param manifest        model, version, creation time, metrics, parameters (training config and data window)
 * @param users           user ids of the rows
 * @param items           item ids of the rows
 * @param representations the scoring tables
 * @param parameters      the layer-0 tables (the same as the representations for MF)
 */
public record ModelSnapshot(ModelManifest manifest, IdIndex users, IdIndex items, EmbeddingTables representations,
                            EmbeddingTables parameters) {

    public long version() {
        return manifest.version();
    }

    public WarmStart warmStart() {
        return new WarmStart(users, items, parameters);
    }

    /** Scores of a user (by id) for items (by id); items unknown to the model get NaN. */
    public float[] scores(String userId, java.util.List<String> itemIds) {
        int u = users.indexOf(userId);
        if (u < 0) throw new IllegalArgumentException("unknown user '" + userId + "'");
        int[] rows = new int[itemIds.size()];
        for (int j = 0; j < rows.length; j++) rows[j] = items.indexOf(itemIds.get(j));
        int[] known = java.util.Arrays.stream(rows).filter(r -> r >= 0).toArray();
        float[] knownScores = representations.scores(u, known);
        float[] out = new float[rows.length];
        for (int j = 0, k = 0; j < rows.length; j++) out[j] = rows[j] >= 0 ? knownScores[k++] : Float.NaN;
        return out;
    }
}
