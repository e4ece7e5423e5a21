package dev.eddy.recsys.eval;

import dev.eddy.recsys.data.UserItems;
import dev.eddy.recsys.train.EmbeddingTables;

import java.util.Arrays;

/**
 * Ranking by training popularity, written as 1-dimensional tables (user = 1, item = its count) so that the same
 * full-ranking evaluator scores it: the floor a trained model must clear.
 */
public final class PopularityBaseline {
    private PopularityBaseline() {}

    public static EmbeddingTables tables(UserItems train, int numItems) {
        float[] users = new float[train.numUsers()];
        Arrays.fill(users, 1f);
        float[] items = new float[numItems];
        for (int item : train.items()) items[item]++;
        return new EmbeddingTables(train.numUsers(), numItems, 1, users, items);
    }
}
