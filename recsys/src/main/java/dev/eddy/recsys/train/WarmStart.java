package dev.eddy.recsys.train;

import dev.eddy.recsys.data.IdIndex;

import java.util.SplittableRandom;

/**
 * Embedding tables to continue from (a previous snapshot's parameters), matched to new data by id: rows of known
 * users and items are copied, new ones start from the usual random initialisation, departed ones are dropped.
 *
 * @param users      the previous user ids
 * @param items      the previous item ids
 * @param parameters the previous layer-0 tables
 */
public record WarmStart(IdIndex users, IdIndex items, EmbeddingTables parameters) {

    public static WarmStart of(TrainedModel model) {
        return new WarmStart(model.users(), model.items(), model.parameters());
    }

    /** Initial tables for {@code data}; the dimension must match. */
    EmbeddingTables initialTables(TrainingData data, int dim, float initStd, SplittableRandom rng) {
        if (parameters.dim() != dim) {
            throw new IllegalArgumentException("warm start has dimension " + parameters.dim() + ", the config asks for " + dim);
        }
        EmbeddingTables fresh = Initializer.random(data.numUsers(), data.numItems(), dim, initStd, rng);
        copyRows(data.users(), users, parameters.users(), fresh.users(), dim);
        copyRows(data.items(), items, parameters.items(), fresh.items(), dim);
        return fresh;
    }

    private static void copyRows(IdIndex target, IdIndex source, float[] from, float[] to, int dim) {
        for (int row = 0; row < target.size(); row++) {
            int old = source.indexOf(target.id(row));
            if (old >= 0) System.arraycopy(from, old * dim, to, row * dim, dim);
        }
    }
}
