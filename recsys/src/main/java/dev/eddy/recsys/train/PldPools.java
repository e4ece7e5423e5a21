package dev.eddy.recsys.train;

import dev.eddy.recsys.data.UserItems;

import java.util.SplittableRandom;

/**
 * Draws PLD candidate pools as the authors' implementation does: users uniformly with replacement; for each, k of
 * its training positives, without replacement when it has at least k, else with replacement; one uniform negative.
 * This is index bookkeeping in Java (B × k integers); scoring and resampling happen on the device.
 */
final class PldPools {
    private final UserItems positives;
    private final NegativeSampler negatives;
    private final SplittableRandom rng;
    private final int[] usersWithPositives;

    PldPools(UserItems positives, NegativeSampler negatives, SplittableRandom rng) {
        this.positives = positives;
        this.negatives = negatives;
        this.rng = rng;
        int n = 0;
        for (int u = 0; u < positives.numUsers(); u++) if (positives.count(u) > 0) n++;
        usersWithPositives = new int[n];
        n = 0;
        for (int u = 0; u < positives.numUsers(); u++) if (positives.count(u) > 0) usersWithPositives[n++] = u;
    }

    PldPool draw(int batchSize, int k) {
        long[] users = new long[batchSize];
        long[] items = new long[batchSize * k];
        int[] entries = new int[batchSize * k];
        long[] neg = new long[batchSize];
        int[] picked = new int[k];
        for (int b = 0; b < batchSize; b++) {
            int u = usersWithPositives[rng.nextInt(usersWithPositives.length)];
            users[b] = u;
            int start = positives.start(u);
            int count = positives.count(u);
            if (count >= k) {
                // k distinct offsets by rejection: k is small (5) and count >= k, so few redraws.
                for (int j = 0; j < k; j++) {
                    int off;
                    do {
                        off = rng.nextInt(count);
                    } while (contains(picked, j, off));
                    picked[j] = off;
                }
            } else {
                for (int j = 0; j < k; j++) picked[j] = rng.nextInt(count);
            }
            for (int j = 0; j < k; j++) {
                int e = start + picked[j];
                entries[b * k + j] = e;
                items[b * k + j] = positives.items()[e];
            }
            neg[b] = negatives.sample(u);
        }
        return new PldPool(users, items, entries, neg, k);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }
}
