package dev.eddy.bandits.slate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Uniformly random slates: slot i holds each remaining candidate with probability 1/(n − i). The one uniform policy
 * of serving (its fallback while a model is not loaded, too) and of replays; its scores are the candidates' MF scores.
 */
public final class UniformSlates implements SlatePolicy {
    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        SlatePolicy.checkK(k, r.size());
        int n = r.size();
        int slots = Math.min(k, n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        double[] probabilities = new double[slots];
        double[] scores = new double[slots];
        for (int i = 0; i < slots; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
            probabilities[i] = 1.0 / (n - i);
            scores[i] = r.mfScores()[perm[i]];
        }
        double[] distribution = new double[n];
        Arrays.fill(distribution, 1.0 / n);
        return new Slate(Arrays.copyOf(perm, slots), probabilities, scores, distribution);
    }
}
