package dev.eddy.recsys.train;

import dev.eddy.recsys.data.UserItems;

import java.util.SplittableRandom;

/** Plain epochs: every training entry once, in a fresh random order, each with a fresh uniform negative. */
final class UniformBatches {
    private final UserItems positives;
    private final int[] userOfEntry;
    private final NegativeSampler negatives;
    private final SplittableRandom rng;
    private final int[] order;

    UniformBatches(UserItems positives, NegativeSampler negatives, SplittableRandom rng) {
        this.positives = positives;
        this.userOfEntry = positives.userOfEntry();
        this.negatives = negatives;
        this.rng = rng;
        this.order = new int[positives.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
    }

    void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Step {@code step} of the current order, batchSize entries (fewer at the end). */
    Batch batch(int step, int batchSize) {
        int from = step * batchSize;
        int n = Math.min(batchSize, order.length - from);
        long[] users = new long[n];
        long[] pos = new long[n];
        long[] neg = new long[n];
        int[] entries = new int[n];
        for (int b = 0; b < n; b++) {
            int e = order[from + b];
            int u = userOfEntry[e];
            entries[b] = e;
            users[b] = u;
            pos[b] = positives.items()[e];
            neg[b] = negatives.sample(u);
        }
        return new Batch(users, pos, neg, entries);
    }
}
