package dev.eddy.recsys.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Adds false positives to the training set only: for each user, round(ratio × |train_u|) items drawn uniformly
 * from the items the user never interacted with (in train, validation or test), so that validation and test stay
 * clean and every injected item is certainly not a genuine preference.
 */
public final class NoiseInjector {
    private NoiseInjector() {}

    public static DataSplit inject(DataSplit split, double ratio, long seed) {
        if (ratio < 0 || Double.isNaN(ratio)) throw new IllegalArgumentException("noise ratio must be >= 0, was " + ratio);
        if (ratio == 0) return split;
        SplittableRandom rng = new SplittableRandom(seed);
        int numUsers = split.numUsers();
        int numItems = split.numItems();
        int[][] items = new int[numUsers][];
        boolean[][] noise = new boolean[numUsers][];
        for (int u = 0; u < numUsers; u++) {
            int[] genuine = split.train().of(u);
            // Noise injected before (a second call) stays marked as noise.
            java.util.BitSet earlierNoise = new java.util.BitSet(numItems);
            for (int j = 0; j < genuine.length; j++) if (split.trainNoise()[split.train().start(u) + j]) earlierNoise.set(genuine[j]);
            int known = genuine.length + split.valid().count(u) + split.test().count(u);
            int wanted = (int) Math.round(ratio * genuine.length);
            int n = Math.min(wanted, numItems - known);
            java.util.BitSet taken = new java.util.BitSet(numItems);
            for (int i : genuine) taken.set(i);
            for (int i : split.valid().of(u)) taken.set(i);
            for (int i : split.test().of(u)) taken.set(i);
            java.util.BitSet injected = new java.util.BitSet(numItems);
            for (int added = 0; added < n; ) {
                int i = rng.nextInt(numItems);
                if (taken.get(i)) continue;
                taken.set(i);
                injected.set(i);
                added++;
            }
            int[] all = Arrays.copyOf(genuine, genuine.length + n);
            int k = genuine.length;
            for (int i = injected.nextSetBit(0); i >= 0; i = injected.nextSetBit(i + 1)) all[k++] = i;
            Arrays.sort(all);
            items[u] = all;
            noise[u] = new boolean[all.length];
            for (int j = 0; j < all.length; j++) noise[u][j] = injected.get(all[j]) || earlierNoise.get(all[j]);
        }
        UserItems train = UserItems.of(items);
        boolean[] flags = new boolean[train.size()];
        for (int u = 0; u < numUsers; u++) System.arraycopy(noise[u], 0, flags, train.start(u), noise[u].length);
        return new DataSplit(split.users(), split.items(), train, flags, split.valid(), split.test());
    }
}
