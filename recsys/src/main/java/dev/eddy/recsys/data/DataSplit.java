package dev.eddy.recsys.data;

/**
 * A per-user train/validation/test split of implicit feedback, with the training entries that are injected
 * noise marked (evaluation only: real data has no such flags, and then none is set).
 *
 * @param users      the users kept by the split
 * @param items      all items
 * @param train      training positives per user
 * @param trainNoise for every entry of {@code train} (by position), whether it is injected noise
 * @param valid      validation positives per user
 * @param test       test positives per user
 */
public record DataSplit(IdIndex users, IdIndex items, UserItems train, boolean[] trainNoise, UserItems valid, UserItems test) {
    public DataSplit {
        if (trainNoise.length != train.size()) throw new IllegalArgumentException("noise flags do not match the training entries");
        if (train.numUsers() != users.size() || valid.numUsers() != users.size() || test.numUsers() != users.size()) {
            throw new IllegalArgumentException("user count mismatch");
        }
    }

    public int numUsers() {
        return users.size();
    }

    public int numItems() {
        return items.size();
    }

    public int noiseCount() {
        int n = 0;
        for (boolean b : trainNoise) if (b) n++;
        return n;
    }
}
