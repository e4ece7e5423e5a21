package dev.eddy.recsys.train;

import dev.eddy.recsys.data.DataSplit;
import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.data.ImplicitDataset;
import dev.eddy.recsys.data.UserItems;

/**
 * The input of a training run: each user's training positives. The retrain job builds it from in-memory
 * interactions ({@link #of(ImplicitDataset)}); the evaluation from a split, where the injected-noise flags let the
 * trainer report how much noise it actually trained on.
 *
 * @param users     user ids (row i of the user table is users.id(i))
 * @param items     item ids
 * @param positives training positives per user
 * @param noise     per entry of {@code positives}, whether it is known noise; null when unknown
 */
public record TrainingData(IdIndex users, IdIndex items, UserItems positives, boolean[] noise) {
    public TrainingData {
        if (positives.numUsers() != users.size()) throw new IllegalArgumentException("user count mismatch");
        if (noise != null && noise.length != positives.size()) throw new IllegalArgumentException("noise flags do not match");
        if (positives.size() == 0) throw new IllegalArgumentException("no training positives");
        if (items.size() < 2) throw new IllegalArgumentException("need at least 2 items to sample negatives");
    }

    public static TrainingData of(ImplicitDataset data) {
        return new TrainingData(data.users(), data.items(), data.byUser(), null);
    }

    public static TrainingData of(DataSplit split) {
        return new TrainingData(split.users(), split.items(), split.train(), split.trainNoise());
    }

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }
}
