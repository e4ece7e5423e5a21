package dev.eddy.bandits.slate;

import java.util.SplittableRandom;

/**
 * ε-greedy over the MF order, slot by slot: with probability 1 − ε the best remaining candidate, else a uniformly
 * random remaining one. The logged probability of slot i's item is (1 − ε)·[it is the best remaining] + ε/(n − i).
 */
public final class MfEpsilonGreedy implements SlatePolicy {
    public static final String NAME = "epsilon-greedy";
    private final double epsilon;

    public MfEpsilonGreedy(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon must be in [0, 1], was " + epsilon);
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return NAME;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public Slate rank(SlateRequest r, int k, SplittableRandom rng) {
        SlatePolicy.checkK(k, r.size());
        int n = r.size();
        int slots = Math.min(k, n);
        int[] byScore = ScoreOrder.descending(r.mfScores(), n);
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
                int u = rng.nextInt(remaining);
                for (int a = 0; a < n; a++) {
                    if (!placed[a] && u-- == 0) {
                        pick = a;
                        break;
                    }
                }
            }
            placed[pick] = true;
            order[i] = pick;
            probabilities[i] = (pick == best ? 1 - epsilon : 0) + epsilon / remaining;
            scores[i] = r.mfScores()[pick];
        }
        double[] distribution = new double[n];
        for (int a = 0; a < n; a++) distribution[a] = epsilon / n + (a == byScore[0] ? 1 - epsilon : 0);
        return new Slate(order, probabilities, scores, distribution);
    }
}
