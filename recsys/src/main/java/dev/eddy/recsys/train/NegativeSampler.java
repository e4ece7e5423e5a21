package dev.eddy.recsys.train;

import dev.eddy.recsys.data.UserItems;

import java.util.SplittableRandom;

/** Uniform negatives: an item drawn uniformly, redrawn while it is one of the user's training positives. */
final class NegativeSampler {
    private final UserItems positives;
    private final int numItems;
    private final SplittableRandom rng;

    NegativeSampler(UserItems positives, int numItems, SplittableRandom rng) {
        this.positives = positives;
        this.numItems = numItems;
        this.rng = rng;
        for (int u = 0; u < positives.numUsers(); u++) {
            // A user with every item as a positive has no negative; redrawing would never end.
            if (positives.count(u) >= numItems) throw new IllegalArgumentException("user row " + u + " has every item as a positive");
        }
    }

    int sample(int user) {
        while (true) {
            int item = rng.nextInt(numItems);
            if (!positives.contains(user, item)) return item;
        }
    }
}
