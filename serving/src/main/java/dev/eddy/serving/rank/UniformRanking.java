package dev.eddy.serving.rank;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** Uniformly random slates: slot i holds each remaining candidate with probability 1/(n − i). */
public final class UniformRanking implements RankingPolicy {
    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Ranking rank(Map<String, Map<String, Double>> context, CandidateSet c, int k, SplittableRandom rng) {
        int n = c.size();
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
            scores[i] = c.mfScores()[perm[i]];
        }
        double[] distribution = new double[n];
        Arrays.fill(distribution, 1.0 / n);
        return new Ranking(NAME, null, Arrays.copyOf(perm, slots), probabilities, scores, distribution);
    }
}
