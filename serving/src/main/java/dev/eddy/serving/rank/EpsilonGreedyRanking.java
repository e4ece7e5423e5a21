package dev.eddy.serving.rank;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * ε-greedy over the MF order, slot by slot: with probability 1 − ε the best remaining candidate, else a uniformly
 * random remaining one. The logged probability of slot i's item is (1 − ε)·[it is the best remaining] + ε/(n − i).
 */
public final class EpsilonGreedyRanking implements RankingPolicy {
    public static final String NAME = "epsilon-greedy";
    private final double epsilon;

    public EpsilonGreedyRanking(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1], was " + epsilon);
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Ranking rank(Map<String, Map<String, Double>> context, CandidateSet c, int k, SplittableRandom rng) {
        int n = c.size();
        int slots = Math.min(k, n);
        int[] byScore = ScoreOrder.descending(c.mfScores(), n);
        boolean[] placed = new boolean[n];
        int[] order = new int[slots];
        double[] probabilities = new double[slots];
        double[] scores = new double[slots];
        int cursor = 0;
        for (int i = 0; i < slots; i++) {
            while (placed[byScore[cursor]]) cursor++;
            int best = byScore[cursor];
            int remaining = n - i;
            int pick = best;
            if (rng.nextDouble() < epsilon) {
                int r = rng.nextInt(remaining);
                for (int a = 0; a < n; a++) {
                    if (!placed[a] && r-- == 0) {
                        pick = a;
                        break;
                    }
                }
            }
            placed[pick] = true;
            order[i] = pick;
            probabilities[i] = (pick == best ? 1 - epsilon : 0) + epsilon / remaining;
            scores[i] = c.mfScores()[pick];
        }
        double[] distribution = new double[n];
        for (int a = 0; a < n; a++) distribution[a] = epsilon / n + (a == byScore[0] ? 1 - epsilon : 0);
        return new Ranking(NAME, null, order, probabilities, scores, distribution);
    }
}
