package dev.eddy.recsys.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits each user's interactions at random into train/validation/test (70/10/20 by default), dropping users
 * with too few interactions to have a meaningful test set.
 */
public final class Splitter {
    private Splitter() {}

    public static final int MIN_INTERACTIONS = 10;

    public static DataSplit split(ImplicitDataset data, double trainShare, double validShare, int minInteractions, long seed) {
        if (trainShare <= 0 || validShare < 0 || trainShare + validShare >= 1) {
            throw new IllegalArgumentException("shares must satisfy 0 < train, 0 <= valid, train + valid < 1");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> keptIds = new ArrayList<>();
        List<int[]> train = new ArrayList<>();
        List<int[]> valid = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int u = 0; u < data.numUsers(); u++) {
            int n = data.byUser().count(u);
            if (n < minInteractions) continue;
            int[] items = data.byUser().of(u);
            shuffle(items, rng);
            int nTrain = (int) Math.round(trainShare * n);
            int nValid = (int) Math.round(validShare * n);
            keptIds.add(data.users().id(u));
            train.add(java.util.Arrays.copyOfRange(items, 0, nTrain));
            valid.add(java.util.Arrays.copyOfRange(items, nTrain, nTrain + nValid));
            test.add(java.util.Arrays.copyOfRange(items, nTrain + nValid, n));
        }
        if (keptIds.isEmpty()) throw new IllegalArgumentException("no user has " + minInteractions + " or more interactions");
        UserItems tr = UserItems.of(train.toArray(int[][]::new));
        return new DataSplit(IdIndex.of(keptIds), data.items(), tr, new boolean[tr.size()],
                UserItems.of(valid.toArray(int[][]::new)), UserItems.of(test.toArray(int[][]::new)));
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
